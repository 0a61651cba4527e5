def delete_order(conn, order_id, customer_id):
    """Delete an order that belongs to the customer; returns the number of rows removed."""
    cursor = conn.cursor()
    cursor.execute(
        "DELETE FROM orders WHERE id = %s AND customer_id = %s",
        (order_id, customer_id),
    )
    conn.commit()
    return cursor.rowcount
