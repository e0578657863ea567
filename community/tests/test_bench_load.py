"""The load bench's first-views pass asks every page once, over keep-alive connections."""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from community.ops import bench_load


def test_first_views_requests_every_path_exactly_once():
    seen = Counter()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):  # noqa: N802 - http.server's name
            seen[self.path] += 1
            body = b"ok" if self.path != "/projets/absent/" else b"no"
            self.send_response(200 if self.path != "/projets/absent/" else 404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((bench_load.HOST, 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        paths = [f"/projets/p-{i}/" for i in range(50)] + ["/projets/absent/"]
        # the command runs its own event loop: a thread of its own, as in its process (the
        # browser tests leave one running in the test process's main thread)
        with ThreadPoolExecutor(1) as pool:
            result = pool.submit(
                bench_load.first_views, "project, 1st", server.server_port, paths, clients=8
            ).result()
    finally:
        server.shutdown()
    assert seen == Counter(paths)
    assert result.requests == 51 and len(result.latencies_ms) == 51
    assert result.errors == 1 and result.error_kinds == {"404": 1}
