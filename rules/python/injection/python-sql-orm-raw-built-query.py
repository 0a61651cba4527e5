from django.db.models.expressions import RawSQL
from sqlalchemy import create_engine, text

from myapp.models import Article, User

engine = create_engine("sqlite:///app.db")


def find_user(session, email):
    # ruleid: python-sql-orm-raw-built-query
    return session.execute(text(f"SELECT * FROM users WHERE email = '{email}'")).fetchall()


def count_rows(conn, table):
    # ruleid: python-sql-orm-raw-built-query
    stmt = text("SELECT COUNT(*) FROM %s" % table)
    return conn.execute(stmt).scalar()


def count_rows_var(conn, table):
    sql = "SELECT COUNT(*) FROM {}".format(table)
    # ruleid: python-sql-orm-raw-built-query
    return conn.execute(text(sql)).scalar()


def search_articles(term):
    # ruleid: python-sql-orm-raw-built-query
    return Article.objects.raw("SELECT * FROM blog_article WHERE title LIKE '%%" + term + "%%'")


def sorted_users(order):
    # ruleid: python-sql-orm-raw-built-query
    return User.objects.extra(where=[f"username = '{order}'"])


def annotate(qs, field):
    # ruleid: python-sql-orm-raw-built-query
    return qs.annotate(val=RawSQL(f"SELECT {field} FROM other", ()))


def safe_queries(session, email, term):
    # ok: python-sql-orm-raw-built-query
    rows = session.execute(text("SELECT * FROM users WHERE email = :email"), {"email": email})
    # ok: python-sql-orm-raw-built-query
    stmt = text("SELECT * FROM users WHERE email = :email").bindparams(email=email)
    # ok: python-sql-orm-raw-built-query
    arts = Article.objects.raw("SELECT * FROM blog_article WHERE title LIKE %s", [f"%{term}%"])
    # ok: python-sql-orm-raw-built-query
    users = User.objects.filter(username=term)
    return rows, stmt, arts, users
