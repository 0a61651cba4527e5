import psycopg2


def connect_db():
    """Open a connection to the application database."""
    return psycopg2.connect(
        host="db.internal.example.com",
        dbname="app",
        user="app_admin",
        password="Sup3rS3cret!2024",
    )
