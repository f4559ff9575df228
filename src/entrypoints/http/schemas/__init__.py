"""The wire format: msgspec Structs for every request and response body.

Request bodies reject unknown fields; field names are the SPEC's snake_case.
Each module also holds the functions that present core values as bodies.
"""
