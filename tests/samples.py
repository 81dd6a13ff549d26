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
    "person": "person:lee-myung-bak",
    "signatory": "state:norway",
    "type": "nss:Delegation",
}
#: Where a query has no rows for the common sample: only the 2016 progress reports are in the graph.
OVERRIDES = {"progress-reports": {"year": "2016"}}


def sample(query: str, parameter: str) -> str:
    """The sample value of ``parameter`` for the packaged query ``query``."""
    return OVERRIDES.get(query, {}).get(parameter, SAMPLES[parameter])


def required(name: str) -> dict[str, str]:
    """Sample values for the required parameters of the packaged query ``name``."""
    from nss_kg.catalogue import catalogue

    return {p.name: sample(name, p.name) for p in catalogue()[name].parameters if p.required}
