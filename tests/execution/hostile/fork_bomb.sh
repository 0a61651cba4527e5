# expect: resource.fork_bomb
# ruff: noqa (deliberately hostile or plain sample code, run inside the sandbox)
# The classic bash fork bomb: stopped by the pids limit, then by the deadline.
:(){ :|:& };:
