# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# An aiohttp server and client in one event loop, on loopback.
import asyncio

from aiohttp import ClientSession, web


async def hello(request):
    return web.json_response({"hello": request.match_info["name"]})


async def main():
    app = web.Application()
    app.router.add_get("/hi/{name}", hello)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    async with ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{port}/hi/ann") as resp:
            print(await resp.json())
    await runner.cleanup()


asyncio.run(main())
