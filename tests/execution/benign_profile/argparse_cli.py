# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# A CLI tool with subcommands, driven with a fixed argument list.
import argparse


def main(argv):
    p = argparse.ArgumentParser(prog="calc")
    sub = p.add_subparsers(dest="cmd", required=True)
    add = sub.add_parser("add")
    add.add_argument("nums", type=float, nargs="+")
    mul = sub.add_parser("mul")
    mul.add_argument("nums", type=float, nargs="+")
    args = p.parse_args(argv)
    result = sum(args.nums) if args.cmd == "add" else __import__("math").prod(args.nums)
    print(args.cmd, result)


main(["add", "1", "2", "3.5"])
main(["mul", "2", "4"])
