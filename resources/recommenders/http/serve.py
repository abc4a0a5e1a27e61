#!/usr/bin/env python3
"""A recommender as a local HTTP server, for a model that is slow to load (spaCy, a transformer):
loaded once, then asked for every article. Python's standard library only.

    python3 serve.py MODULE.py [PORT]        # then, in Dossier: http://127.0.0.1:PORT/

MODULE.py defines `recommend(request) -> list`: `request` is what Dossier sends
({"text", "types", "language"}), the list holds {"start", "end", "type", "score", "kb_id"} with
start/end in chars (Unicode scalar values) of the text. `capitalised.py` beside this file is a
toy example; a spaCy one is in ../README.md.
"""

import importlib.util
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def load(path):
    spec = importlib.util.spec_from_file_location("recommender", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.recommend


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    recommend = load(sys.argv[1])
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 8000

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            try:
                size = int(self.headers.get("Content-Length", "0"))
                request = json.loads(self.rfile.read(size))
                body, status = json.dumps(recommend(request)).encode(), 200
            except Exception as e:  # the analyst sees this line in Dossier's notice
                body, status = f"{type(e).__name__}: {e}".encode(), 500
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    print(f"recommending on http://127.0.0.1:{port}/", file=sys.stderr)
    # Loopback only: the articles stay on this machine.
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
