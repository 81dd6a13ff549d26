"""Sample values for the packaged queries' parameters, shared by the tests that run every query with each."""

#: A value for each parameter name: for required ones without a default and, one at a time, optional ones.
SAMPLES = {
    "entity": "summit:2010-washington",
    "topic": "topic:illicit-trafficking",
    "year": "2012",
    "edition": "2",
    "series": "series:nss",
    "maker": "state:canada",
    "participant": "state:kazakhstan",
    "signatory": "state:norway",
    "type": "nss:Delegation",
}


def required(name: str) -> dict[str, str]:
    """Sample values for the required parameters of the packaged query ``name``."""
    from nss_kg.catalogue import catalogue

    return {p.name: SAMPLES[p.name] for p in catalogue()[name].parameters if p.required}
