"""The customer-service daily log: a store-day's orders, shipping, complaints and ratings."""
