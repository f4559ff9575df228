"""Thin controllers: decode the request, call one use case, encode the answer."""
