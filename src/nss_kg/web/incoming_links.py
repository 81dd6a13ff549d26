"""How a page words the links that point at its entity, read from the entity's side.

A property's label reads from its subject: "followed by" on the 2010 summit's page names the 2012 summit. On
the 2012 summit's page, the same triple must read "preceded by", and a state's page must say "participated in"
where the summit says "participant". These are the readings of the ontology's properties (and of the few
other vocabularies' properties that point at our entities) from their object, in the three page languages.
"""

from __future__ import annotations

from nss_kg.namespaces import NAMESPACE, PREFIXES
from nss_kg.web.negotiation import Wording, in_language

_NSS = NAMESPACE
_DCTERMS = PREFIXES["dcterms"]
_SKOS = PREFIXES["skos"]
_VOID = PREFIXES["void"]

#: Property IRI -> (en, zh-Hant, zh-Hans), as read on the page of the triple's object.
READINGS: dict[str, Wording] = {
    _NSS + "adoptedAt": ("documents adopted", "通過的文件", "通过的文件"),
    _NSS + "atSummit": ("delegations", "出席代表團", "出席代表团"),
    _NSS + "claimAbout": ("claims about it", "相關陳述", "相关陈述"),
    _NSS + "coHeadOffice": (
        "delegations co-led by its holder",
        "由此職位者共同率領的代表團",
        "由此职位者共同率领的代表团",
    ),
    _NSS + "coHeadedBy": ("delegations co-led", "共同率領的代表團", "共同率领的代表团"),
    _NSS + "concerns": ("commitments on this topic", "相關承諾", "相关承诺"),
    _NSS + "followedBy": ("preceded by", "前一屆", "前一届"),
    _NSS + "follows": ("followed by", "後一屆", "后一届"),
    _NSS + "fulfilledBy": ("commitments it fulfilled", "所實現的承諾", "所实现的承诺"),
    _NSS + "headOffice": (
        "delegations led by its holder",
        "由此職位者率領的代表團",
        "由此职位者率领的代表团",
    ),
    _NSS + "headedBy": ("delegations led", "率領的代表團", "率领的代表团"),
    _NSS + "holdsOffice": ("held by", "擔任者", "担任者"),
    _NSS + "hostCity": ("summits hosted", "主辦的峰會", "主办的峰会"),
    _NSS + "hostLeader": (
        "summits hosted as leader",
        "以主辦國首腦身分主持的峰會",
        "以主办国首脑身份主持的峰会",
    ),
    _NSS + "hostLeaderOffice": (
        "summits whose host leader held it",
        "主辦國首腦擔任此職位的峰會",
        "主办国首脑担任此职位的峰会",
    ),
    _NSS + "hostState": ("summits hosted", "主辦的峰會", "主办的峰会"),
    _NSS + "locatedIn": ("cities", "城市", "城市"),
    _NSS + "madeAt": ("commitments made here", "於此作出的承諾", "于此作出的承诺"),
    _NSS + "madeBy": ("commitments made", "作出的承諾", "作出的承诺"),
    _NSS + "ofParticipant": ("delegations", "代表團", "代表团"),
    _NSS + "officeOf": ("offices", "職位", "职位"),
    _NSS + "originatedIn": ("series it started", "由此發起的系列", "由此发起的系列"),
    _NSS + "partOfSeries": ("summits", "峰會", "峰会"),
    _NSS + "participant": ("participated in", "參與的峰會", "参与的峰会"),
    _NSS + "reportFor": ("national progress reports", "國家進展報告", "国家进展报告"),
    _NSS + "reportedBy": ("national progress reports", "國家進展報告", "国家进展报告"),
    _NSS + "signatory": ("joint statements joined", "參與的聯合聲明", "参与的联合声明"),
    _NSS + "source": ("cited by", "引用此來源者", "引用此来源者"),
    _NSS + "speaker": ("speeches given", "發表的演說", "发表的演说"),
    _NSS + "speechPlace": ("speeches given here", "在此發表的演說", "在此发表的演说"),
    _DCTERMS + "isReplacedBy": ("replaces", "取代", "取代"),
    _DCTERMS + "isVersionOf": ("versions", "版本", "版本"),
    _SKOS + "hasTopConcept": ("top concept of", "所屬概念體系", "所属概念体系"),
    _SKOS + "inScheme": ("concepts", "概念", "概念"),
    _SKOS + "topConceptOf": ("top concepts", "頂層概念", "顶层概念"),
    _VOID + "exampleResource": ("example resource of", "為其範例資源的資料集", "为其示例资源的数据集"),
    _VOID + "rootResource": ("root resource of", "為其根資源的資料集", "为其根资源的数据集"),
    _VOID + "subset": ("subset of", "所屬資料集", "所属数据集"),
}


def reading(predicate: str, language: str) -> str | None:
    """The wording of ``predicate`` on its object's page in ``language``, or None if there is none."""
    readings = READINGS.get(predicate)
    return None if readings is None else in_language(readings, language)
