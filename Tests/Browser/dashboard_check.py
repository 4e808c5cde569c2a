#!/usr/bin/env python3
"""End-to-end check of the web dashboard in headless Chromium.

Builds the demo ledger, serves it, logs in with a token, loads the main pages in Chromium through
the DevTools protocol and saves a screenshot of each. Fails on a page that answers with an error
status, lacks its main element, or logs a console error or an uncaught exception.

    python3 Tests/Browser/dashboard_check.py [--binary .build/debug/govledger] [--out DIR] [--max-height PX]

Needs the Debian package chromium (bash .ci/setup installs it).
"""
import argparse, base64, http.client, json, os, shutil, socket, struct, subprocess, sys, tempfile, time, urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

PAGES = [  # path, element that must be present, screenshot name, viewport width
    ("/", "#entries", "integrity", 1280),
    ("/registry", "table#registry tbody tr", "registry", 1280),
    ("/registry?tier=1", "table#registry tbody tr", "registry-phone", 390),
    ("/models/fraud-detection-engine", "#approvals", "model", 1280),
    ("/models/fraud-detection-engine/card", "#quantitative-analyses", "model-card", 1280),
    ("/board", "textarea#signed", "board", 1280),
    ("/alerts", "h1", "alerts", 1280),
]


class WebSocket:
    """The client side of RFC 6455, enough for the DevTools protocol."""

    def __init__(self, url):
        parts = urllib.parse.urlparse(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {parts.path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        response = b""
        while b"\r\n\r\n" not in response:
            response += self.sock.recv(4096)
        head, self.buffer = response.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError(f"websocket upgrade refused: {head[:200]!r}")

    def send(self, text):
        data = text.encode()
        header = bytes([0x81])
        if len(data) < 126:
            header += bytes([0x80 | len(data)])
        elif len(data) < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", len(data))
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", len(data))
        mask = os.urandom(4)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise RuntimeError("the browser closed the connection")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def receive(self):
        message = b""
        while True:
            first, second = self._read(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(length)
            if first & 0x0F in (0x1, 0x0):
                message += payload
                if first & 0x80:
                    return message.decode()


class Page:
    """One browser tab driven over the DevTools protocol; records errors as they come."""

    def __init__(self, url):
        self.ws, self.next_id, self.events, self.errors = WebSocket(url), 0, [], []

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.receive())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.note(message)

    def note(self, message):
        method, params = message.get("method"), message.get("params", {})
        self.events.append(message)
        if method == "Runtime.consoleAPICalled" and params.get("type") == "error":
            self.errors.append("console error: " + " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            self.errors.append("uncaught exception: " + params.get("exceptionDetails", {}).get("text", ""))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            if not entry.get("url", "").endswith("/favicon.ico"):
                self.errors.append(f"console error: {entry.get('text')} {entry.get('url', '')}")

    def wait_for(self, method, timeout=20):
        deadline = time.time() + timeout
        for message in self.events:
            if message.get("method") == method:
                self.events.remove(message)
                return message
        while time.time() < deadline:
            message = json.loads(self.ws.receive())
            self.note(message)
            if message.get("method") == method:
                self.events.remove(message)
                return message
        raise RuntimeError(f"timed out waiting for {method}")


def run(cmd, **kw):
    result = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({result.returncode}): {result.stderr.strip()}")
    return result.stdout


def login(port, token):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/login")
    response = connection.getresponse()
    page = response.read().decode()
    login_cookie = response.getheader("Set-Cookie").split(";")[0]
    csrf = page.split('name="csrf" value="')[1].split('"')[0]
    body = urllib.parse.urlencode({"csrf": csrf, "token": token, "next": "/registry"})
    connection.request("POST", "/login", body, {"Cookie": login_cookie, "Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    response.read()
    if response.status != 303:
        sys.exit(f"login failed with status {response.status}")
    for name, value in response.getheaders():
        if name.lower() == "set-cookie" and value.startswith("govledger_session="):
            return value.split(";")[0].split("=", 1)[1]
    sys.exit("login set no session cookie")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/debug/govledger"))
    parser.add_argument("--out", default=os.path.join(tempfile.gettempdir(), "govledger-screenshots"))
    parser.add_argument("--max-height", type=int, default=4000, help="the tallest screenshot, in CSS pixels")
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser") or "chromium")
    args = parser.parse_args()
    if not os.path.exists(args.chromium):
        sys.exit(f"Chromium was not found at {args.chromium}; install the Debian package chromium (bash .ci/setup does).")
    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="govledger-browser-")
    db = os.path.join(work, "demo.db")
    server = browser = None
    try:
        run([args.binary, "demo", "--db", db, "--policy", os.path.join(ROOT, "compliance/policy.yaml")])
        run([args.binary, "keys", "generate", "--name", "ledger.bank.example", "--out", os.path.join(work, "ledger.key")])
        run([args.binary, "checkpoint", "--db", db, "--key", os.path.join(work, "ledger.key")])
        token = run([args.binary, "tokens", "create", "--db", db, "--principal", "tomas.herrera@bank.example", "--role", "board-member", "--json"])
        token = json.loads(token)["token"]
        port = free_port()
        server = subprocess.Popen([args.binary, "serve", "--db", db, "--port", str(port), "--templates", os.path.join(ROOT, "projections")],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        session = login(port, token)

        profile = os.path.join(work, "profile")
        browser = subprocess.Popen([args.chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                                    "--remote-debugging-port=0", f"--user-data-dir={profile}", "about:blank"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        active = os.path.join(profile, "DevToolsActivePort")
        for _ in range(300):
            if os.path.exists(active) and len(open(active).read().split()) >= 2:
                break
            time.sleep(0.1)
        debug_port = int(open(active).read().split()[0])
        connection = http.client.HTTPConnection("127.0.0.1", debug_port, timeout=30)
        connection.request("GET", "/json/list")
        target = next(t for t in json.loads(connection.getresponse().read()) if t["type"] == "page")
        page = Page(target["webSocketDebuggerUrl"])
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.call(domain + ".enable")
        page.call("Network.setCookie", name="govledger_session", value=session, domain="127.0.0.1", path="/", httpOnly=True, sameSite="Strict")

        failures = []
        for path, selector, name, width in PAGES:
            page.errors.clear()
            page.call("Emulation.setDeviceMetricsOverride", width=width, height=900, deviceScaleFactor=1, mobile=width < 600)
            page.call("Page.navigate", url=f"http://127.0.0.1:{port}{path}")
            page.wait_for("Page.loadEventFired")
            statuses = [e["params"]["response"]["status"] for e in page.events
                        if e.get("method") == "Network.responseReceived" and e["params"].get("type") == "Document"]
            page.events.clear()
            found = page.call("Runtime.evaluate", expression=f"document.querySelector({json.dumps(selector)}) !== null")["result"]["value"]
            height = page.call("Runtime.evaluate", expression="document.documentElement.scrollHeight")["result"]["value"]
            page.call("Emulation.setDeviceMetricsOverride", width=width, height=min(max(height, 600), args.max_height), deviceScaleFactor=1, mobile=width < 600)
            shot = page.call("Page.captureScreenshot", format="png")["data"]
            with open(os.path.join(args.out, name + ".png"), "wb") as f:
                f.write(base64.b64decode(shot))
            problems = [f"status {s}" for s in statuses if s >= 400] + ([] if found else [f"missing {selector}"]) + page.errors
            print(f"{'FAIL' if problems else 'ok  '} {path} ({name}.png){': ' + '; '.join(problems) if problems else ''}")
            if problems:
                failures.append(path)
        if failures:
            sys.exit(f"{len(failures)} page(s) failed: {', '.join(failures)}")
        print(f"{len(PAGES)} pages passed; screenshots in {args.out}")
    finally:
        for process in (browser, server):
            if process:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
