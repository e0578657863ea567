"""Pure-Python consolidation rules applied to harvested project pages.

No models and no database here: the ``projects`` services call these functions and store the
results. Modules:

- :mod:`.gazetteer` — offline index of French communes, departments and regions;
- :mod:`.locate` — where a project is, from its page text and structured address;
- :mod:`.normalize` — titles, summaries, websites, e-mails, phones, start years;
- :mod:`.classify` — themes of the CIS thesaurus from text, title and partner tags.
"""
