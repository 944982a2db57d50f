"""wrk (Debian's package) driving a fixed concurrency against one URL, with a Lua script that
varies each request, and a JSON summary printed by the script's done() hook."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

# done(): one JSON line, latencies in microseconds. Non-2xx/3xx answers are errors.
DONE = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nWRKJSON {"requests": %d, "seconds": %.3f, "p50_us": %d, "p95_us": %d, "p99_us": %d,'
    .. ' "max_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""

# A random RFC 4122 version-4 UUID and a random public-looking IPv4 address per request.
HELPERS = r"""
local function uuid4()
  local t = {}
  for i = 1, 16 do t[i] = math.random(0, 255) end
  t[7] = (t[7] % 16) + 64
  t[9] = (t[9] % 64) + 128
  return string.format('%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x',
    unpack(t))
end
local function address()
  return string.format('%d.%d.%d.%d', math.random(11, 197), math.random(0, 255),
    math.random(0, 255), math.random(1, 254))
end
setup = function(thread) thread:set('seed', math.random(1, 2^30)) end
init = function(args) math.randomseed(seed + os.time()) end
"""


def lua_string(value: str) -> str:
    return "[==[" + value + "]==]"


def run(
    url: str,
    *,
    script: str,
    seconds: int,
    connections: int = 20,
    threads: int = 2,
) -> dict[str, Any]:
    """Run wrk; return its summary with requests per second and the error count."""
    lua = Path(tempfile.mkdtemp(prefix="raqib-wrk-")) / "script.lua"
    lua.write_text(HELPERS + script + DONE, encoding="utf-8")
    done = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "-s",
            str(lua),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("WRKJSON "))
    data: dict[str, Any] = json.loads(line.removeprefix("WRKJSON "))
    data["rps"] = round(data["requests"] / data["seconds"], 1)
    data["errors"] = sum(data[k] for k in ("connect", "read", "write", "status", "timeout"))
    data["p50_ms"] = round(data["p50_us"] / 1000, 1)
    data["p95_ms"] = round(data["p95_us"] / 1000, 1)
    return data


def post_script(posts: list[tuple[str, str]], *, per_request_uuid: bool) -> str:
    """POST one of POSTS (path, form-encoded body) at random; '{UUID}' in a body becomes a
    fresh UUID; each request comes from a random address (X-Forwarded-For, as nginx passes
    it) with its own device cookie."""
    table = ",\n".join(lua_string(b) for _, b in posts)
    paths = "{" + ", ".join(lua_string(p) for p, _ in posts) + "}"
    fill = "string.gsub(body, '{UUID}', uuid4())" if per_request_uuid else "body"
    return f"""
local bodies = {{
{table}
}}
local paths = {paths}
request = function()
  local i = math.random(1, #bodies)
  local body = bodies[i]
  local headers = {{
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-Forwarded-For"] = address(),
    ["Cookie"] = "raqib_sv=" .. uuid4(),
  }}
  return wrk.format("POST", paths[i], headers, ({fill}))
end
"""
