"""A local stand-in for the model APIs, speaking their real wire format on 127.0.0.1.

`POST /v1/messages` answers like Anthropic's Messages API and `POST /v1/chat/completions`
like OpenAI's Chat Completions. Each request takes the next queued behaviour
(`answer`, default "ok"): "ok", "thinking" (a thinking block before the text), "empty",
"error" (HTTP 500 in the API's error shape), or ("slow", seconds). Every request is recorded.
"""

import json
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REPLY = REPLAY_TEXT = "Fournier again from deep, and France stretch it to eight!"
INPUT_TOKENS, OUTPUT_TOKENS = 321, 17


@dataclass
class Recorded:
    path: str
    headers: dict
    body: dict


class FakeModelServer:
    def __init__(self, reply: str = REPLY):
        self.reply = reply
        self.behaviours: deque = deque()
        self.requests: list[Recorded] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.server.block_on_close = False

    @property
    def url(self) -> str:
        host, port = self.server.server_address
        return f"http://{host}:{port}"

    def answer(self, *behaviours) -> None:
        self.behaviours.extend(behaviours)

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def _next(self):
        return self.behaviours.popleft() if self.behaviours else "ok"

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                headers = {name.lower(): value for name, value in self.headers.items()}
                fake.requests.append(Recorded(self.path, headers, body))
                wire = WIRES.get(self.path)
                if wire is None:
                    return self._send(404, {"error": {"message": f"no route {self.path}"}})
                behaviour = fake._next()
                if isinstance(behaviour, tuple) and behaviour[0] == "slow":
                    time.sleep(behaviour[1])
                    behaviour = "ok"
                if behaviour == "error":
                    return self._send(500, wire.error(), {"retry-after-ms": "10"})
                self._send(200, wire.reply(body, fake.reply, behaviour))

            def _send(self, status, payload, headers=None):
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    self.send_header("request-id", "req_fake_0001")
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting: that is the point of "slow"

        return Handler


class AnthropicWire:
    @staticmethod
    def reply(body, text, behaviour):
        content = [] if behaviour == "empty" else [{"type": "text", "text": text}]
        if behaviour == "thinking":
            content.insert(0, {"type": "thinking", "thinking": "Short line.", "signature": "c2ln"})
        return {
            "id": "msg_01FakeFakeFakeFakeFake",
            "type": "message",
            "role": "assistant",
            "model": body["model"],
            "content": content,
            "stop_reason": "max_tokens" if behaviour == "empty" else "end_turn",
            "stop_sequence": None,
            "usage": {"input_tokens": INPUT_TOKENS, "output_tokens": OUTPUT_TOKENS},
        }

    @staticmethod
    def error():
        return {
            "type": "error",
            "error": {"type": "api_error", "message": "Internal server error"},
            "request_id": "req_fake_0001",
        }


class OpenAIWire:
    @staticmethod
    def reply(body, text, behaviour):
        return {
            "id": "chatcmpl-fake0001",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body["model"],
            "choices": [
                {
                    "index": 0,
                    "message": {
                        "role": "assistant",
                        "content": "" if behaviour == "empty" else text,
                        "refusal": None,
                    },
                    "logprobs": None,
                    "finish_reason": "length" if behaviour == "empty" else "stop",
                }
            ],
            "usage": {
                "prompt_tokens": INPUT_TOKENS,
                "completion_tokens": OUTPUT_TOKENS,
                "total_tokens": INPUT_TOKENS + OUTPUT_TOKENS,
            },
        }

    @staticmethod
    def error():
        return {
            "error": {
                "message": "The server had an error while processing your request.",
                "type": "server_error",
                "param": None,
                "code": None,
            }
        }


WIRES = {"/v1/messages": AnthropicWire, "/v1/chat/completions": OpenAIWire}


def unused_url() -> str:
    """The address of a model server that is down: a port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
