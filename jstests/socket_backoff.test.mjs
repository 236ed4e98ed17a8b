// Issue 24: a page backs off on repeated failures even when each socket opened (the server
// accepted it, could not greet it and closed it 1011), instead of retrying every 0.5 s for ever.
import assert from "node:assert/strict";
import { mock, test } from "node:test";

const { Backoff, connectRoom } = await import("../static/rally/socket.js");

class FakeSocket extends EventTarget {
  static OPEN = 1;
  static opened = [];
  constructor(url) {
    super();
    this.url = url;
    FakeSocket.opened.push(this);
  }
  fire(type, fields = {}) {
    this.dispatchEvent(Object.assign(new Event(type), fields));
  }
}

test("sockets that open and are closed at once back off to 15 s", () => {
  mock.timers.enable({ apis: ["setTimeout", "Date"] });
  globalThis.WebSocket = FakeSocket;
  globalThis.location = { protocol: "http:", host: "rally.test" };
  FakeSocket.opened = [];
  try {
    connectRoom("fiba-2019-bronze", {}, { backoff: new Backoff({ random: () => 0.5 }) });
    const waits = [];
    for (let i = 0; i < 8; i += 1) {
      const socket = FakeSocket.opened.at(-1);
      socket.fire("open");
      socket.fire("close", { code: 1011 });
      const before = FakeSocket.opened.length;
      let waited = 0;
      while (FakeSocket.opened.length === before) {
        mock.timers.tick(100);
        waited += 100;
      }
      waits.push(waited);
    }
    assert.deepEqual(waits, [500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    assert.equal(FakeSocket.opened[0].url, "ws://rally.test/ws/matches/fiba-2019-bronze/");
  } finally {
    mock.timers.reset();
  }
});

test("a socket that stayed open starts the backoff again", () => {
  let now = 0;
  const backoff = new Backoff({ now: () => now, random: () => 0.5 });
  for (const expected of [500, 1000, 2000]) {
    backoff.opened();
    now += 50;
    assert.equal(backoff.closed(), expected);
  }
  backoff.opened();
  now += 10_000; // a healthy socket, then a network blip or a node's rolling restart
  assert.equal(backoff.closed(), 500);
});

test("a socket that never opened counts as a failure too", () => {
  const backoff = new Backoff({ random: () => 0.5 });
  assert.deepEqual([backoff.closed(), backoff.closed(), backoff.closed()], [500, 1000, 2000]);
});

test("the delay is jittered by ±25 %", () => {
  assert.equal(new Backoff({ random: () => 0 }).closed(), 375);
  assert.equal(new Backoff({ random: () => 0.999 }).closed(), 500 * (0.75 + 0.999 / 2));
});
