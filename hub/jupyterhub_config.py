# The trial hub's configuration, read by JupyterHub when tools/hub.py starts it (make hub, the bench,
# tests/test_hub.py). tools/hub.py passes the settings that change from run to run in NNHUB_*
# environment variables; nothing here is secret on its own.
#
# For a trial on one machine, not for a real class: every student's server runs as the same Unix
# user (SimpleLocalProcessSpawner: no accounts to create, and no isolation between students), and
# one shared password lets anyone log in as any student.
import os
from pathlib import Path

c = get_config()  # noqa: F821  (JupyterHub provides it)

state = Path(os.environ["NNHUB_STATE"])          # the hub's database, cookie secret, students' homes
venv_bin = Path(os.environ["NNHUB_VENV_BIN"])   # .venv/hub/bin: JupyterHub and the single-user server

# Loopback only: the proxy (students' address), the hub's own API and the proxy's API.
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(os.environ["NNHUB_PORT"])
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ["NNHUB_API_PORT"])
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")

# The proxy is started by tools/hub.py, not by the hub, and the hub leaves the students' servers
# running when it stops: a hub restarted mid-class finds them again (its database remembers each
# server's process) and the proxy keeps routing students to them meanwhile.
c.JupyterHub.cleanup_servers = False
c.ConfigurableHTTPProxy.should_start = False
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['NNHUB_PROXY_API_PORT']}"
# (the proxy's token is read from CONFIGPROXY_AUTH_TOKEN, which tools/hub.py gives both)

# Each student's server: a local process, home folder under the hub's state folder, JupyterLab.
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = str(state / "homes" / "{username}")
c.Spawner.cmd = [str(venv_bin / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.args = ["--ServerApp.allow_root=True"] if os.getuid() == 0 else []
# NNHUB_RUN marks every process of this hub (servers and their kernels inherit it), so that
# tools/hub.py can stop exactly those, and the bench can find their memory.
# JUPYTER_CONFIG_PATH: the course's server settings (jupyter-config/), as `make lab` uses them: a notebook
# is saved with its explorers' pictures and a line saying to run the cell, not widgets that reach no kernel.
# NNCOURSE_DRAW_AHEAD=0: no helper process drawing the explorers' next pictures ahead (nncourse/explorers/
# ahead.py): on a shared hub the cores are rarely idle, and each helper would add memory to every kernel.
c.Spawner.environment = {"NNHUB_RUN": os.environ["NNHUB_RUN"], "PATH": f"{venv_bin}:{os.environ['PATH']}",
                         "JUPYTER_CONFIG_PATH": str(Path(__file__).resolve().parent.parent / "jupyter-config"),
                         "NNCOURSE_DRAW_AHEAD": "0"}
# 20 servers starting at once on two cores take a while; the defaults (60 s, 30 s) are for one.
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300

# A trial login: any name, one shared password (JupyterHub's SharedPasswordAuthenticator).
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ["NNHUB_PASSWORD"]
c.Authenticator.allow_all = True

# A service whose token may create students, start and stop their servers and make their tokens:
# what the bench and the tests log in with (tools/hub.py makes a new token each run).
if os.environ.get("NNHUB_SERVICE_TOKEN"):
    c.JupyterHub.services = [{"name": "class-admin", "api_token": os.environ["NNHUB_SERVICE_TOKEN"]}]
    c.JupyterHub.load_roles = [{
        "name": "class-admin",
        "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users"],
        "services": ["class-admin"],
    }]
