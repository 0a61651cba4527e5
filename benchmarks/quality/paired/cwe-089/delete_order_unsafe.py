def delete_order(conn, order_id, customer_id):
    """Delete an order that belongs to the customer; returns the number of rows removed."""
    cursor = conn.cursor()
    query = "DELETE FROM orders WHERE id = " + str(order_id) + " AND customer_id = " + str(customer_id)
    cursor.execute(query)
    conn.commit()
    return cursor.rowcount
