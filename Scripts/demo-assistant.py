#!/usr/bin/env python3
"""A stand-in for an OpenAI-compatible chat completions service, for the demo's `assistant` bot only.

It listens on 127.0.0.1:8091, checks the bearer key against config/demo-secrets/assistant.key, and answers
POST /v1/chat/completions in that API's JSON by describing what it was sent (no model runs). For real answers,
point the bot's `url` at OpenAI, a llama.cpp or vLLM server, Ollama or any other service with that API.
"""
import json
import pathlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KEY_FILE = pathlib.Path(__file__).resolve().parent.parent / "config" / "demo-secrets" / "assistant.key"
KEY = [line for line in KEY_FILE.read_text().splitlines() if line.strip() and not line.startswith("#")][-1].strip()


class ChatCompletions(BaseHTTPRequestHandler):
    def send_json(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        if self.path != "/v1/chat/completions":
            return self.send_json(404, {"error": {"message": f"no such path: {self.path}"}})
        if self.headers.get("Authorization") != f"Bearer {KEY}":
            return self.send_json(401, {"error": {"message": "Incorrect API key provided"}})
        try:
            request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            messages = request["messages"]
            question = messages[-1]["content"]
        except (ValueError, KeyError, IndexError, TypeError) as error:
            return self.send_json(400, {"error": {"message": f"not a chat completion request: {error}"}})
        earlier = [m for m in messages[1:-1] if m.get("role") in ("user", "assistant")]
        latest = f' The latest was "{earlier[-1]["content"]}".' if earlier else ""
        asker, _, text = question.partition(": ")
        answer = (f'(demo model {request.get("model", "?")}) {asker} asked "{text}". '
                  f"I was sent {len(earlier)} earlier messages of the room.{latest} "
                  "Point the bot's url at a real service for real answers.")
        self.send_json(200, {
            "id": "chatcmpl-demo", "object": "chat.completion", "model": request.get("model", "demo"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": answer}, "finish_reason": "stop"}],
        })

    def log_message(self, format, *args):
        pass


if __name__ == "__main__":
    print("demo assistant service on http://127.0.0.1:8091/v1/chat/completions")
    ThreadingHTTPServer(("127.0.0.1", 8091), ChatCompletions).serve_forever()
