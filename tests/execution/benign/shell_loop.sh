# expect: clean
# ruff: noqa (deliberately hostile or plain sample code, run inside the sandbox)
for i in 1 2 3; do
    echo "line $i"
done | sort -r
