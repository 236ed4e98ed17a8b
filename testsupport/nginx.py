"""Debian's nginx in front of a site's web nodes, configured by the README's own block.

The block is taken from README.md as an operator copies it; only the listening ports, the
upstream nodes and the certificate paths are replaced (a test cannot bind 80/443). nginx runs
with its own prefix in a temporary directory, so it needs no root and touches nothing else.
"""

import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from testsupport.site import BASE_DIR, free_port

README_BLOCK = re.compile(r"```nginx\n(.*?)```", re.S)


def readme_block():
    return README_BLOCK.search((BASE_DIR / "README.md").read_text()).group(1)


def self_signed_certificate(directory):
    """A throwaway certificate for 127.0.0.1 (openssl, as an operator's placeholder would be)."""
    cert, key = directory / "fullchain.pem", directory / "privkey.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


class Nginx:
    def __init__(self, node_ports):
        # Not under pytest's tmp (mode 0700): nginx's workers may run as another user.
        self.prefix = Path(tempfile.mkdtemp(prefix="rally-nginx-"))
        self.prefix.chmod(0o755)
        self.http_port, self.https_port = free_port(), free_port()
        cert, key = self_signed_certificate(self.prefix)
        self.conf = self.prefix / "nginx.conf"
        self.conf.write_text(self._main_conf(self._site_conf(node_ports, cert, key)))
        self.process = None

    def _site_conf(self, node_ports, cert, key):
        block = readme_block()
        servers = re.findall(r"^ *server 127\.0\.0\.1:\d+.*;\n", block, re.M)
        assert servers, "the README's upstream names one server line per node"
        ours = "".join(
            re.sub(r"127\.0\.0\.1:\d+", f"127.0.0.1:{port}", servers[0]) for port in node_ports
        )
        block = block.replace("".join(servers), ours)
        block = re.sub(r"listen 80;", f"listen 127.0.0.1:{self.http_port};", block)
        block = re.sub(r"listen 443 ", f"listen 127.0.0.1:{self.https_port} ", block)
        block = re.sub(r"ssl_certificate .*;", f"ssl_certificate {cert};", block)
        return re.sub(r"ssl_certificate_key .*;", f"ssl_certificate_key {key};", block)

    def _main_conf(self, site):
        temp = self.prefix / "temp"
        temp.mkdir()
        temp.chmod(0o777)
        temp_paths = "\n".join(
            f"    {kind}_temp_path {temp / kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        return (
            f"pid {self.prefix / 'nginx.pid'};\nerror_log {self.prefix / 'error.log'} warn;\n"
            f"worker_processes 1;\nevents {{ worker_connections 1024; }}\n"
            f"http {{\n    access_log off;\n{temp_paths}\n{site}\n}}\n"
        )

    def command(self, *args):
        return [nginx_binary(), "-p", str(self.prefix), "-c", str(self.conf), *args]

    def test_config(self):
        return subprocess.run(self.command("-t"), capture_output=True, text=True)

    def start(self):
        self.process = subprocess.Popen(self.command("-g", "daemon off;"), stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while not (self.prefix / "nginx.pid").exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"nginx did not start: {self.process.stderr.read().decode()}")
            time.sleep(0.05)
        return self

    @property
    def https(self):
        return f"https://127.0.0.1:{self.https_port}"

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.prefix, ignore_errors=True)


def nginx_binary():
    """Debian's nginx, found even where /usr/sbin is not on PATH (a CI runner's environment)."""
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None
    )


def nginx_available():
    return nginx_binary() is not None
