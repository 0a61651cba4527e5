import logging
import traceback

from fastapi import FastAPI, HTTPException
from flask import Flask, jsonify, request

app = Flask(__name__)
api = FastAPI()
logger = logging.getLogger(__name__)


@app.route("/orders", methods=["POST"])
def create_order():
    try:
        order = save_order(request.get_json())
    except Exception as e:
        # ruleid: python-exception-details-to-client
        return jsonify({"error": str(e)}), 500
    return jsonify(order), 201


@app.route("/report")
def report():
    try:
        return build_report()
    except Exception:
        # ruleid: python-exception-details-to-client
        return traceback.format_exc(), 500


@app.route("/items/<int:item_id>")
def get_item(item_id):
    try:
        return jsonify(load(item_id))
    except KeyError as exc:
        # ruleid: python-exception-details-to-client
        return f"Item lookup failed: {exc}", 404


@api.post("/upload")
async def upload(payload: dict):
    try:
        return process(payload)
    except ValueError as err:
        # ruleid: python-exception-details-to-client
        raise HTTPException(status_code=400, detail=str(err))


@app.errorhandler(500)
def internal_error(error):
    # ruleid: python-exception-details-to-client
    return jsonify({"error": "internal", "detail": str(error)}), 500


@app.route("/safe", methods=["POST"])
def safe_endpoint():
    try:
        return jsonify(save_order(request.get_json()))
    except Exception:
        logger.exception("saving order failed")
        # ok: python-exception-details-to-client
        return jsonify({"error": "internal server error"}), 500


def parse_config(path):
    try:
        return load(path)
    except OSError as e:
        # ok: python-exception-details-to-client
        logger.error("cannot read %s: %s", path, str(e))
        # ok: python-exception-details-to-client
        return {"error": str(e)}


def cli_main():
    try:
        run()
    except Exception as e:
        # ok: python-exception-details-to-client
        print(f"error: {e}")
        return 1


@app.errorhandler(404)
def not_found(e):
    # ok: python-exception-details-to-client
    return jsonify(error=str(e)), 404
