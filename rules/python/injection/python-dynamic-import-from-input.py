import importlib
import runpy
import sys

from flask import Flask, request

app = Flask(__name__)

ALLOWED = {"csv": "exporters.csv_exporter", "json": "exporters.json_exporter"}


def load_plugin_cli():
    name = input("Plugin to load: ")
    # ruleid: python-dynamic-import-from-input
    plugin = __import__(name)
    return plugin.run()


def main():
    module_name = sys.argv[1]
    # ruleid: python-dynamic-import-from-input
    mod = importlib.import_module(f"plugins.{module_name}")
    mod.main()


@app.route("/export")
def export():
    fmt = request.args.get("format", "csv")
    # ruleid: python-dynamic-import-from-input
    exporter = importlib.import_module("exporters." + fmt)
    return exporter.export()


@app.route("/script/<path:script>")
def script(script):
    # ruleid: python-dynamic-import-from-input
    runpy.run_path(script)
    return "ran"


@app.route("/export2")
def export_allowed():
    fmt = request.args.get("format", "csv")
    # ok: python-dynamic-import-from-input
    exporter = importlib.import_module(ALLOWED.get("csv"))
    return exporter.export(fmt)


def load_configured(settings):
    # ok: python-dynamic-import-from-input
    backend = importlib.import_module(settings["backend"])
    # ok: python-dynamic-import-from-input
    json_mod = __import__("json")
    return backend, json_mod
