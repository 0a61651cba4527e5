# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Runs concurrent coroutines with a timeout and gathers their results.
import asyncio


async def fetch(i):
    await asyncio.sleep(0.01 * i)
    return i * i


async def main():
    results = await asyncio.wait_for(asyncio.gather(*(fetch(i) for i in range(10))), timeout=3)
    print(results)


asyncio.run(main())
