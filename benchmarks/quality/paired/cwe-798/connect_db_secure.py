import os

import psycopg2


def connect_db():
    """Open a connection to the application database."""
    return psycopg2.connect(
        host=os.environ.get("DB_HOST", "localhost"),
        dbname=os.environ.get("DB_NAME", "app"),
        user=os.environ["DB_USER"],
        password=os.environ["DB_PASSWORD"],
    )
