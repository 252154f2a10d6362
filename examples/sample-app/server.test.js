"use strict";
// Runs in the Dockerfile's build stage (`node --test`): the image is only built when these pass.
const assert = require("node:assert/strict");
const { once } = require("node:events");
const { test } = require("node:test");
const { createServer } = require("./server");

async function get(path, method = "GET") {
    const server = createServer().listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
        const res = await fetch(`http://127.0.0.1:${server.address().port}${path}`, { method });
        return { status: res.status, body: method === "HEAD" ? "" : await res.text() };
    } finally {
        server.close();
    }
}

test("/health answers 200 with status ok", async () => {
    const res = await get("/health");
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body), { status: "ok" });
});

test("/ answers 200 with a greeting", async () => {
    const res = await get("/");
    assert.equal(res.status, 200);
    assert.equal(JSON.parse(res.body).message, "Hello from elastic-web");
});

test("an unknown path answers 404", async () => {
    assert.equal((await get("/nope")).status, 404);
});

test("a POST answers 405", async () => {
    assert.equal((await get("/", "POST")).status, 405);
});
