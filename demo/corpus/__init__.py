"""A generated partner web for measuring the harvester (development only, not imported by the
platform): ``sites`` builds the sites and their ground truth from a seed, ``server`` serves them
on loopback, ``evaluate`` harvests them through the real pipeline and scores the result.
``manage.py harvest_corpus`` prints the figures per site."""
