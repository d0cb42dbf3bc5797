"""A real MCP server, built with the official Python SDK (mcp 2.x), for avr-host's tests.

Tools that answer, fail (isError), hang, crash mid-call, report what the host sent them, add a tool
(telling the client its list changed) and ping the client.
    python mcp_test_server.py stdio
    python mcp_test_server.py http     (prints "listening on PORT" once it accepts connections)
Over http the endpoint is /mcp, and the same server has variants (see test_endpoints):
/lingering/mcp holds each SSE answer open after its last event; /no-listen/mcp refuses the GET stream;
/dropping/mcp ends its GET streams when told to.
Environment: MCP_TEST_MARKERS, a folder where a cancelled `hang` leaves a file named after its tag.
"""

import os
import socket
import sys
from typing import TypedDict

import anyio
import uvicorn
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError

server = MCPServer("avr-test", version="1.0.0")


@server.tool(description="Says the text back.")
def echo(text: str) -> str:
    return f"echo: {text}"


class Forecast(TypedDict):
    city: str
    temp_c: int


@server.tool(description="The forecast for a city, as structured data.")
def forecast(city: str) -> Forecast:
    return {"city": city, "temp_c": 21}


@server.tool(description="Always fails with the given reason.")
def fail(reason: str) -> str:
    raise ToolError(reason)


@server.tool(description="Sleeps for the given seconds, then answers.")
async def hang(seconds: float, tag: str = "hang") -> str:
    try:
        await anyio.sleep(seconds)
    except anyio.get_cancelled_exc_class():
        markers = os.environ.get("MCP_TEST_MARKERS")
        if markers:
            with open(os.path.join(markers, f"cancelled-{tag}"), "w") as marker:
                marker.write("cancelled")
        raise
    return f"woke up after {seconds} s"


@server.tool(description="Writes many long lines to stderr.")
def chatter(lines: int) -> str:
    for index in range(lines):
        sys.stderr.write(f"chatter {index} " + "x" * 1000 + "\n")
    sys.stderr.flush()
    return "done"


@server.tool(description="Ends the server process in the middle of the call.")
def crash() -> str:
    sys.stderr.write("crashing on purpose\n")
    sys.stderr.flush()
    os._exit(3)


@server.tool(description="What the host sent: the call's _meta, this process's id and an environment variable.")
def whoami(ctx: Context, variable: str = "MCP_TEST_LABEL") -> dict:
    meta = ctx.request_context.meta
    if meta is not None and not isinstance(meta, dict):
        meta = meta.model_dump(by_alias=True, exclude_none=True)
    return {"meta": meta or {}, "pid": os.getpid(), "value": os.environ.get(variable, "")}


@server.tool(description="Adds a tool with the given name, then tells the client the tool list changed.")
async def add_tool(name: str, ctx: Context) -> str:
    server.add_tool(lambda: f"{name} answers", name=name, description="Added while the server runs.")
    await ctx.session.send_tool_list_changed()
    return f"added {name}"


@server.tool(description="Pings the client on the session's own channel (over http: the GET stream).")
async def ping_client(ctx: Context) -> str:
    with anyio.fail_after(5):
        await ctx.session.send_ping()
    return "the client answered"


refused_listens = 0
opened_listens = 0
droppable_listens = set()


@server.tool(description="How many GETs /no-listen/mcp has refused.")
def refused_gets() -> str:
    return f"{refused_listens} GET(s) refused"


@server.tool(description="How many GET streams /dropping/mcp has opened.")
def opened_gets() -> str:
    return f"{opened_listens} GET stream(s) opened"


@server.tool(description="Ends the GET streams open on /dropping/mcp.")
async def drop_gets() -> str:  # async: a cancel scope is cancelled on the event loop
    for listen in list(droppable_listens):
        listen.cancel()
    return "dropped"


def test_endpoints(app):
    """Serves /lingering/..., /no-listen/... and /dropping/... as app serves /...: the first keeps
    every SSE answer open after its last event until the client hangs up (a server may: an answer
    ends with its response, not with its stream); the second answers a GET with 405 (a server
    offering no stream for unprompted messages) and counts them; the third counts the GET streams
    it opens and ends them when drop_gets is called."""

    async def holding_answers_open(scope, receive, send):
        event_stream = held = False

        async def holding_open(message):
            nonlocal event_stream, held
            if message["type"] == "http.response.start":
                event_stream = any(
                    name.lower() == b"content-type" and value.startswith(b"text/event-stream")
                    for name, value in message["headers"]
                )
            elif message["type"] == "http.response.body" and event_stream and not message.get("more_body"):
                held = True
                message = dict(message, more_body=True)
            await send(message)

        await app(scope, receive, holding_open)
        if held:
            while (await receive())["type"] != "http.disconnect":
                pass

    async def refusing_get(scope, receive, send):
        global refused_listens
        if scope["method"] != "GET":
            return await app(scope, receive, send)
        refused_listens += 1
        await send({"type": "http.response.start", "status": 405, "headers": [(b"allow", b"POST, DELETE")]})
        await send({"type": "http.response.body", "body": b""})

    async def dropping_get(scope, receive, send):
        if scope["method"] != "GET":
            return await app(scope, receive, send)

        async def counting_opened(message):
            global opened_listens
            if message["type"] == "http.response.start" and message["status"] == 200:
                opened_listens += 1
            await send(message)

        # Cancelled by drop_gets: the app returns mid-stream and uvicorn closes the connection.
        with anyio.CancelScope() as listen:
            droppable_listens.add(listen)
            try:
                await app(scope, receive, counting_opened)
            finally:
                droppable_listens.discard(listen)

    variants = {"/lingering": holding_answers_open, "/no-listen": refusing_get, "/dropping": dropping_get}

    async def serve(scope, receive, send):
        prefix = "/" + scope["path"].split("/")[1] if scope["type"] == "http" else ""
        variant = variants.get(prefix)
        if variant is None:
            return await app(scope, receive, send)
        scope = dict(scope, path=scope["path"][len(prefix) :], raw_path=scope["raw_path"][len(prefix) :])
        await variant(scope, receive, send)

    return serve


def serve_http() -> None:
    # Bound here, on a free port, so the test learns the port before anything connects.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", int(os.environ.get("MCP_TEST_PORT", "0"))))
    sock.listen(64)
    print(f"listening on {sock.getsockname()[1]}", flush=True)
    config = uvicorn.Config(test_endpoints(server.streamable_http_app()), log_level="warning")
    uvicorn.Server(config).run(sockets=[sock])


if __name__ == "__main__":
    sys.stderr.write(f"avr-test MCP server starting ({sys.argv[1]})\n")
    sys.stderr.flush()
    if sys.argv[1] == "http":
        serve_http()
    else:
        server.run("stdio")
