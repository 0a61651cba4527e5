from flask import Flask, abort, jsonify
from flask_login import current_user, login_required

app = Flask(__name__)


@app.route("/admin/users/<int:user_id>", methods=["DELETE"])
@login_required
def delete_user(user_id):
    # ruleid: python-assert-authorization
    assert current_user.is_admin, "admin only"
    remove_user(user_id)
    return jsonify(ok=True)


def update_document(user, doc, text):
    # ruleid: python-assert-authorization
    assert user.has_perm("docs.change_document")
    doc.text = text
    doc.save()


def transfer(request, account, amount):
    # ruleid: python-assert-authorization
    assert request.user.is_authenticated
    # ruleid: python-assert-authorization
    assert account.owner == request.user or request.user.role == "admin"
    account.withdraw(amount)


@app.route("/admin/stats")
def stats():
    # ok: python-assert-authorization
    if not current_user.is_admin:
        abort(403)
    return jsonify(collect_stats())


def normalise(values):
    # ok: python-assert-authorization
    assert isinstance(values, list)
    # ok: python-assert-authorization
    assert len(values) > 0, "empty input"
    return [v / max(values) for v in values]


def test_admin_can_delete(client, admin):
    resp = client.delete("/admin/users/1")
    # ok: python-assert-authorization
    assert admin.is_admin
    assert resp.status_code == 200
