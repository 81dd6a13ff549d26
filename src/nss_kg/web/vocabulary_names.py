"""How pages name the properties of the other vocabularies the graph uses (RDF, RDFS, OWL, SKOS, Dublin Core,
DCAT, VoID, VANN), in the three page languages: our ontology labels its own terms, these have no label in the
graph, and a CURIE such as ``skos:exactMatch`` is no field name for a Chinese-reading researcher. The
property's IRI stays in the field's ``title``.
"""

from __future__ import annotations

from nss_kg.namespaces import PREFIXES
from nss_kg.web.negotiation import Wording

_DCAT = PREFIXES["dcat"]
_DCTERMS = PREFIXES["dcterms"]
_OWL = PREFIXES["owl"]
_RDF = PREFIXES["rdf"]
_RDFS = PREFIXES["rdfs"]
_SKOS = PREFIXES["skos"]
_VANN = PREFIXES["vann"]
_VOID = PREFIXES["void"]

#: Property IRI -> (en, zh-Hant, zh-Hans), as read on the page of the triple's subject.
NAMES: dict[str, Wording] = {
    _DCAT + "keyword": ("keyword", "關鍵字", "关键词"),
    _DCAT + "landingPage": ("landing page", "資料集首頁", "数据集主页"),
    _DCTERMS + "bibliographicCitation": ("bibliographic citation", "書目引用", "书目引用"),
    _DCTERMS + "conformsTo": ("conforms to", "符合規範", "符合规范"),
    _DCTERMS + "created": ("created", "建立日期", "创建日期"),
    _DCTERMS + "creator": ("creator", "創作者", "创建者"),
    _DCTERMS + "description": ("description", "描述", "描述"),
    _DCTERMS + "isReplacedBy": ("replaced by", "已被取代為", "已被取代为"),
    _DCTERMS + "isVersionOf": ("version of", "所屬版本系列", "所属版本系列"),
    _DCTERMS + "license": ("license", "授權條款", "许可协议"),
    _DCTERMS + "modified": ("modified", "修改日期", "修改日期"),
    _DCTERMS + "rights": ("rights", "權利聲明", "权利声明"),
    _DCTERMS + "source": ("source", "來源", "来源"),
    _DCTERMS + "title": ("title", "標題", "标题"),
    _OWL + "annotatedProperty": ("annotated property", "所註記的屬性", "所注释的属性"),
    _OWL + "annotatedSource": ("annotated subject", "所註記的主體", "所注释的主体"),
    _OWL + "annotatedTarget": ("annotated value", "所註記的值", "所注释的值"),
    _OWL + "disjointWith": ("disjoint with", "不相交類別", "不相交类"),
    _OWL + "equivalentClass": ("equivalent class", "等價類別", "等价类"),
    _OWL + "inverseOf": ("inverse of", "反向屬性", "反向属性"),
    _OWL + "members": ("members", "成員", "成员"),
    _OWL + "sameAs": ("same as", "等同於", "等同于"),
    _OWL + "unionOf": ("union of", "聯集", "并集"),
    _OWL + "versionIRI": ("version IRI", "版本 IRI", "版本 IRI"),
    _OWL + "versionInfo": ("version", "版本", "版本"),
    _RDF + "first": ("first", "首項", "首项"),
    _RDF + "rest": ("rest", "其餘", "其余"),
    _RDF + "type": ("type", "類型", "类型"),
    _RDFS + "comment": ("comment", "註解", "注释"),
    _RDFS + "domain": ("domain", "定義域", "定义域"),
    _RDFS + "isDefinedBy": ("defined by", "定義於", "定义于"),
    _RDFS + "label": ("label", "標籤", "标签"),
    _RDFS + "range": ("range", "值域", "值域"),
    _RDFS + "subClassOf": ("subclass of", "父類別", "父类"),
    _RDFS + "subPropertyOf": ("subproperty of", "父屬性", "父属性"),
    _SKOS + "closeMatch": ("close match", "近似對應", "近似对应"),
    _SKOS + "definition": ("definition", "定義", "定义"),
    _SKOS + "exactMatch": ("exact match", "完全對應", "完全对应"),
    _SKOS + "hasTopConcept": ("top concept", "頂層概念", "顶层概念"),
    _SKOS + "inScheme": ("in scheme", "所屬概念體系", "所属概念体系"),
    _SKOS + "note": ("note", "附註", "附注"),
    _SKOS + "prefLabel": ("preferred label", "首選標籤", "首选标签"),
    _SKOS + "topConceptOf": ("top concept of", "頂層概念所屬體系", "顶层概念所属体系"),
    _VANN + "preferredNamespacePrefix": (
        "preferred namespace prefix",
        "建議命名空間前綴",
        "建议命名空间前缀",
    ),
    _VANN + "preferredNamespaceUri": ("preferred namespace IRI", "建議命名空間 IRI", "建议命名空间 IRI"),
    _VOID + "class": ("class", "類別", "类"),
    _VOID + "classPartition": ("class partition", "類別分區", "类分区"),
    _VOID + "classes": ("classes", "類別數", "类数量"),
    _VOID + "dataDump": ("data dump", "資料傾印檔", "数据转储文件"),
    _VOID + "distinctSubjects": ("distinct subjects", "相異主詞數", "不同主语数"),
    _VOID + "entities": ("entities", "實體數", "实体数"),
    _VOID + "exampleResource": ("example resource", "範例資源", "示例资源"),
    _VOID + "properties": ("properties", "屬性數", "属性数"),
    _VOID + "property": ("property", "屬性", "属性"),
    _VOID + "propertyPartition": ("property partition", "屬性分區", "属性分区"),
    _VOID + "rootResource": ("root resource", "根資源", "根资源"),
    _VOID + "sparqlEndpoint": ("SPARQL endpoint", "SPARQL 端點", "SPARQL 端点"),
    _VOID + "subset": ("subset", "子集", "子集"),
    _VOID + "triples": ("triples", "三元組數", "三元组数"),
    _VOID + "uriSpace": ("URI space", "URI 空間", "URI 空间"),
    _VOID + "vocabulary": ("vocabulary", "詞彙表", "词汇表"),
}
