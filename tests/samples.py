"""Sample values for the packaged queries' parameters, shared by the tests that run every query with each."""

#: A value for each parameter name: for required ones without a default and, one at a time, optional ones.
SAMPLES = {
    "entity": "summit:2010-washington",
    "topic": "topic:illicit-trafficking",
    "year": "2012",
    "edition": "2",
    "series": "series:nss",
    "maker": "state:canada",
}
