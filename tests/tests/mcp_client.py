"""An outside MCP client of govtrack's /mcp: the official Python SDK (PyPI `mcp`).

Usage: mcp_client.py URL TOKEN. Sends the token as X-Api-Key (what Copilot Studio's
"API key in a header" sends), initializes, lists the tools, calls get_maturity for
contoso and record_event (which a reading token is not offered), and prints what it saw
as one JSON object for tests/tests/mcp_python.rs to check.
"""

import asyncio
import json
import sys

import httpx2
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client


def text_of(result):
    return [c.text for c in result.content if getattr(c, "type", "") == "text"]


async def main(url, token):
    async with httpx2.AsyncClient(headers={"X-Api-Key": token}) as http:
        async with streamable_http_client(url, http_client=http) as streams:
            read, write = streams[0], streams[1]
            async with ClientSession(read, write) as session:
                init = await session.initialize()
                listed = await session.list_tools()
                maturity = await session.call_tool("get_maturity", {"org": "contoso"})
                hidden = await session.call_tool(
                    "record_event",
                    {"org": "contoso", "type": "vision.published", "data": {}},
                )
                print(json.dumps({
                    "protocol_version": init.protocol_version,
                    "server": init.server_info.name,
                    "tools": [
                        {"name": t.name, "read_only": t.annotations.read_only_hint}
                        for t in listed.tools
                    ],
                    "maturity": {
                        "is_error": maturity.is_error,
                        "structured": maturity.structured_content,
                        "text": text_of(maturity),
                    },
                    "hidden": {"is_error": hidden.is_error, "text": text_of(hidden)},
                }))


asyncio.run(main(sys.argv[1], sys.argv[2]))
