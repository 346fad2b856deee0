#!/usr/bin/python3
"""A LibreTranslate-compatible service for the tests, on 127.0.0.1 only.

POST /translate {q, source, target, format, api_key} -> {translatedText}. Translates with the
local Apertium so that the answer is a real translation. Usage: libretranslate_stub.py PORT KEY
"""
import http.server
import json
import subprocess
import sys

PORT = int(sys.argv[1])
KEY = sys.argv[2]
MODES = {("fr", "es"): "fr-es", ("en", "es"): "eng-spa", ("es", "en"): "spa-eng"}


class Handler(http.server.BaseHTTPRequestHandler):
    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        if self.path != "/translate":
            return self.answer(404, {"error": "not found"})
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if request.get("api_key") != KEY:
            return self.answer(403, {"error": "Invalid API key"})
        mode = MODES.get((request.get("source"), request.get("target")))
        if mode is None:
            return self.answer(400, {"error": "%s is not supported" % request.get("target")})
        q = request["q"]
        texts = q if isinstance(q, list) else [q]
        out = [subprocess.run(["apertium", "-f", "html", "-u", mode], input=t.encode(),
                              capture_output=True, check=True).stdout.decode() for t in texts]
        self.answer(200, {"translatedText": out if isinstance(q, list) else out[0]})

    def log_message(self, *args):
        pass


http.server.HTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
