"use strict";
/**
 * A small HTTP service to deploy with ElasticService: `/health` for the load balancer's and the
 * container's health checks, `/` for a greeting that names the task. No dependencies.
 */
const http = require("node:http");
const os = require("node:os");

const VERSION = require("./package.json").version;

/** The request handler; exported so tests can serve it on any port. */
function handle(req, res) {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method !== "GET" && req.method !== "HEAD") {
        return send(res, 405, { error: "method not allowed" }, { Allow: "GET, HEAD" });
    }
    if (url.pathname === "/health") {
        return send(res, 200, { status: "ok" });
    }
    if (url.pathname === "/") {
        return send(res, 200, { message: "Hello from elastic-web", version: VERSION, host: os.hostname() });
    }
    return send(res, 404, { error: "not found", path: url.pathname });
}

function send(res, status, body, headers = {}) {
    const text = JSON.stringify(body) + "\n";
    res.writeHead(status, {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Length": Buffer.byteLength(text),
        "Cache-Control": "no-store",
        ...headers,
    });
    res.end(res.req.method === "HEAD" ? undefined : text);
}

/** An HTTP server with the handler; not yet listening. */
function createServer() {
    const server = http.createServer(handle);
    // Longer than the ALB's idle timeout (60 s by default), so the load balancer closes idle connections first.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    return server;
}

module.exports = { createServer, handle };

if (require.main === module) {
    const port = Number(process.env.PORT ?? 8080);
    const server = createServer();
    server.listen(port, () => console.log(`listening on :${port}`));
    // ECS stops a task with SIGTERM and waits (stopTimeout) before SIGKILL: finish open requests, then exit.
    for (const signal of ["SIGTERM", "SIGINT"]) {
        process.on(signal, () => {
            console.log(`${signal}: closing`);
            server.close(() => process.exit(0));
            server.closeIdleConnections();
        });
    }
}
