"""Events out: webhook endpoints, the event outbox, signed delivery, expiry reminders."""
