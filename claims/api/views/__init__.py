"""REST API views by resource: validate the query or body, call one selector or service, serialize.

Permissions come from claims/api/permissions.py; service errors (ValidationError, PermissionDenied,
ClaimConflict, IngestError) become JSON in claims/api/exceptions.py, so no view catches them.
"""
