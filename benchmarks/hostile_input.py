"""How much a hostile request costs the server: a 300 MB upload and a 150,000-task BPMN.

Target (issue: lawful access without side doors): both refused without the server
growing past 200 MB.

The upload is streamed to a real gunicorn worker serving Porras, as in production
(its own SQLite database in a temporary directory), and the worker's peak resident
memory (VmHWM) is read from /proc before and after. (Django's development server,
`porras runserver`, reads a refused body to its end to keep the connection alive:
it is not what a county runs.) The BPMN model is read in this process under
tracemalloc, as the handbook's import reads it.

Run: .venv/bin/python benchmarks/hostile_input.py  (writes benchmarks/results/)
"""

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
PORRAS = str(Path(sys.executable).with_name("porras"))
UPLOAD_BYTES = 300 * 2**20
TASKS = 150_000
TARGET_GROWTH_MB = 200


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


def gunicorn_worker(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0])


def post_streamed(port: int, path: str, token: str, size: int) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.putrequest("POST", path)
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Content-Length", str(size))
    connection.putheader("Authorization", f"Token {token}")
    connection.endheaders()
    chunk = b"0" * 2**20
    try:
        for _ in range(size // len(chunk)):
            connection.send(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass  # refused before the body was read: the server closed the connection
    return connection.getresponse().status


def upload_figures() -> dict:
    with tempfile.TemporaryDirectory() as data:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PORRAS_")}
        env.pop("DATABASE_URL", None)
        env["PORRAS_DATA_DIR"] = data
        run = {"env": env, "cwd": data, "check": True, "capture_output": True, "text": True}
        subprocess.run([PORRAS, "migrate", "-v0"], **run)
        subprocess.run(
            [
                PORRAS,
                "shell",
                "-c",
                "from porras.synth.factories import CountyFactory, TeamFactory, WorkerFactory;"
                "c = CountyFactory(); t = TeamFactory(county=c);"
                "WorkerFactory(username='bench', role='guidance', county=c, teams=[t])",
            ],
            **run,
        )
        token = subprocess.run([PORRAS, "apitoken", "bench"], **run).stdout.strip()
        port = free_port()
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "--workers", "1",
                "--bind", f"127.0.0.1:{port}",
                "porras.wsgi:application",
            ],
            env=env,
            cwd=data,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            warm = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            warm.request("GET", "/api/v1/teams/", headers={"Authorization": f"Token {token}"})
            warm.getresponse().read()
            worker = gunicorn_worker(server.pid)
            before = peak_rss_mb(worker)
            started = time.perf_counter()
            status = post_streamed(port, "/api/v1/intake/items/", token, UPLOAD_BYTES)
            seconds = time.perf_counter() - started
            after = peak_rss_mb(worker)
        finally:
            server.terminate()
            server.wait(10)
    return {
        "upload_mb": UPLOAD_BYTES // 2**20,
        "status": status,
        "seconds": round(seconds, 3),
        "server_peak_rss_before_mb": round(before, 1),
        "server_peak_rss_after_mb": round(after, 1),
        "server_growth_mb": round(after - before, 1),
    }


def bpmn_figures() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "porras.settings")
    import django

    django.setup()
    from porras.handbook import bpmn

    model = "http://www.omg.org/spec/BPMN/20100524/MODEL"
    tasks = "".join(f'<task id="t{n}" name="Tehtävä {n}"/>' for n in range(TASKS))
    content = f'<definitions xmlns="{model}"><process id="p">{tasks}</process></definitions>'
    content = content.encode()[: bpmn.MAX_BYTES] if len(content) > bpmn.MAX_BYTES else content
    tracemalloc.start()
    started = time.perf_counter()
    try:
        bpmn.read(content)
        refused = ""
    except bpmn.BpmnError as error:
        refused = str(error)
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "tasks": TASKS,
        "file_mb": round(len(content) / 2**20, 2),
        "refused": refused,
        "seconds": round(seconds, 3),
        "peak_mb": round(peak / 2**20, 1),
    }


def main() -> dict:
    results = {"upload": upload_figures(), "bpmn": bpmn_figures()}
    results["target_growth_mb"] = TARGET_GROWTH_MB
    results["met"] = (
        results["upload"]["status"] == 413
        and results["upload"]["server_growth_mb"] < TARGET_GROWTH_MB
        and bool(results["bpmn"]["refused"])
        and results["bpmn"]["peak_mb"] < TARGET_GROWTH_MB
    )
    return results


if __name__ == "__main__":
    figures = main()
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "hostile_input.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    sys.exit(0 if figures["met"] else 1)
