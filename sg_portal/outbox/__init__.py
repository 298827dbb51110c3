"""The outbox: every email the portal sends is a row queued in the transaction of the act."""
