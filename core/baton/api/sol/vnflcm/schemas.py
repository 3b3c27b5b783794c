"""JSON schemas of the ``/vnflcm/v2`` request bodies (ETSI NFV-SOL003 v3.3.1, clause 5.5.2).

They accept what Tacker's v2 API accepts (its samples included) and, like it, let unknown
attributes through at the top of each request (SOL013 4.5: a receiver ignores attributes it
does not know), while the structures inside are checked: types, required attributes,
enumerations, identifier lengths, IP address formats.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CHANGE_EXT_CONN",
    "CHANGE_VNFPKG",
    "CREATE",
    "HEAL",
    "INSTANTIATE",
    "MODIFY",
    "OPERATION_STATES",
    "OPERATION_TYPES",
    "SCALE",
    "SUBSCRIPTION",
    "TERMINATE",
]

Schema = dict[str, Any]

#: SOL013 7.2.2 Identifier and SOL003 4.4.2.2 IdentifierInVnfd/InVim/InVnf/Local.
IDENTIFIER: Schema = {"type": "string", "minLength": 1, "maxLength": 255}

#: SOL013 KeyValuePairs: any JSON value under non-empty keys.
KEY_VALUE_PAIRS: Schema = {"type": "object", "propertyNames": {"minLength": 1,
                                                                 "maxLength": 1024}}


def _obj(properties: Schema, required: tuple[str, ...] = (), **extra: Any) -> Schema:
    schema: Schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    schema.update(extra)
    return schema


def _array(items: Schema, **extra: Any) -> Schema:
    return {"type": "array", "items": items, **extra}


def _map_of(value: Schema) -> Schema:
    """A map from identifiers to ``value`` (vimConnectionInfo, cpConfig)."""
    return {"type": "object", "additionalProperties": value,
            "propertyNames": {"minLength": 1, "maxLength": 255}}


# SOL003 4.4.1.7
RESOURCE_HANDLE = _obj({
    "vimConnectionId": IDENTIFIER, "resourceProviderId": IDENTIFIER,
    "resourceId": IDENTIFIER, "vimLevelResourceType": {"type": "string", "maxLength": 255},
}, ("resourceId",))

# SOL003 4.4.1.6
VIM_CONNECTION_INFO = _obj({
    "vimId": {"type": "string", "maxLength": 255},
    "vimType": {"type": "string", "minLength": 1, "maxLength": 255},
    "interfaceInfo": KEY_VALUE_PAIRS, "accessInfo": KEY_VALUE_PAIRS, "extra": KEY_VALUE_PAIRS,
}, ("vimType",))
VIM_CONNECTIONS = _map_of(VIM_CONNECTION_INFO)


def _address_range(fmt: str) -> Schema:
    addr = {"type": "string", "format": fmt}
    return _obj({"minAddress": addr, "maxAddress": addr}, ("minAddress", "maxAddress"))


def _ip_family(fmt: str) -> Schema:
    return {"properties": {
        "fixedAddresses": _array({"type": "string", "format": fmt}),
        "addressRange": _address_range(fmt),
    }}


# SOL003 4.4.1.10c, ipAddresses: exactly one of the three ways to get addresses.
IP_ADDRESSES = _obj({
    "type": {"enum": ["IPV4", "IPV6"]},
    "fixedAddresses": {"type": "array", "minItems": 1},
    "numDynamicAddresses": {"type": "integer", "minimum": 1},
    "addressRange": {"type": "object"},
    "subnetId": IDENTIFIER,
}, ("type",), oneOf=[{"required": ["fixedAddresses"]},
                     {"required": ["numDynamicAddresses"]},
                     {"required": ["addressRange"]}],
    **{"if": {"properties": {"type": {"const": "IPV4"}}},
       "then": _ip_family("ipv4"), "else": _ip_family("ipv6")})

IP_OVER_ETHERNET = _obj({
    "macAddress": {"type": "string", "format": "mac-address"},
    "segmentationId": {"type": "string"},
    "ipAddresses": _array(IP_ADDRESSES),
}, anyOf=[{"required": ["macAddress"]}, {"required": ["ipAddresses"]}])

# SOL003 4.4.1.10b
CP_PROTOCOL_DATA = _obj({
    "layerProtocol": {"enum": ["IP_OVER_ETHERNET"]},
    "ipOverEthernet": IP_OVER_ETHERNET,
}, ("layerProtocol",))

# SOL003 4.4.1.10a
VNF_EXT_CP_CONFIG = _obj({
    "parentCpConfigId": IDENTIFIER, "linkPortId": IDENTIFIER,
    "cpProtocolData": _array(CP_PROTOCOL_DATA),
})

# SOL003 4.4.1.10
VNF_EXT_CP_DATA = _obj({
    "cpdId": IDENTIFIER,
    "cpConfig": {**_map_of(VNF_EXT_CP_CONFIG), "minProperties": 1},
}, ("cpdId", "cpConfig"))

# SOL003 4.4.1.14
EXT_LINK_PORT_DATA = _obj({"id": IDENTIFIER, "resourceHandle": RESOURCE_HANDLE},
                          ("id", "resourceHandle"))

# SOL003 4.4.1.11
EXT_VIRTUAL_LINK_DATA = _obj({
    "id": IDENTIFIER, "vimConnectionId": IDENTIFIER, "resourceProviderId": IDENTIFIER,
    "resourceId": IDENTIFIER,
    "extCps": _array(VNF_EXT_CP_DATA, minItems=1),
    "extLinkPorts": _array(EXT_LINK_PORT_DATA),
}, ("id", "resourceId", "extCps"))

# SOL003 5.5.3.18 (VnfLinkPortData) and 4.4.1.12
EXT_MANAGED_VIRTUAL_LINK_DATA = _obj({
    "id": IDENTIFIER, "vnfVirtualLinkDescId": IDENTIFIER, "vimConnectionId": IDENTIFIER,
    "resourceProviderId": IDENTIFIER, "resourceId": IDENTIFIER,
    "vnfLinkPort": _array(_obj({"vnfLinkPortId": IDENTIFIER,
                                "resourceHandle": RESOURCE_HANDLE},
                               ("vnfLinkPortId", "resourceHandle"))),
    "extManagedMultisiteVirtualLinkId": IDENTIFIER,
}, ("id", "vnfVirtualLinkDescId", "resourceId"))

_EXT_VLS = _array(EXT_VIRTUAL_LINK_DATA)
_EXT_MANAGED_VLS = _array(EXT_MANAGED_VIRTUAL_LINK_DATA)

# SOL003 5.5.2.3
CREATE = _obj({
    "vnfdId": IDENTIFIER,
    "vnfInstanceName": {"type": "string", "maxLength": 255},
    "vnfInstanceDescription": {"type": "string", "maxLength": 1024},
    "metadata": KEY_VALUE_PAIRS,
}, ("vnfdId",))

# SOL003 5.5.2.4
INSTANTIATE = _obj({
    "flavourId": IDENTIFIER,
    "instantiationLevelId": IDENTIFIER,
    "extVirtualLinks": _EXT_VLS,
    "extManagedVirtualLinks": _EXT_MANAGED_VLS,
    "vimConnectionInfo": VIM_CONNECTIONS,
    "localizationLanguage": {"type": "string", "maxLength": 255},
    "additionalParams": KEY_VALUE_PAIRS,
    "extensions": KEY_VALUE_PAIRS,
    "vnfConfigurableProperties": KEY_VALUE_PAIRS,
}, ("flavourId",))

# SOL003 5.5.2.5
SCALE = _obj({
    "type": {"enum": ["SCALE_OUT", "SCALE_IN"]},
    "aspectId": IDENTIFIER,
    "numberOfSteps": {"type": "integer", "minimum": 1},
    "additionalParams": KEY_VALUE_PAIRS,
}, ("type", "aspectId"))

# SOL003 5.5.2.8
TERMINATE = _obj({
    "terminationType": {"enum": ["FORCEFUL", "GRACEFUL"]},
    "gracefulTerminationTimeout": {"type": "integer", "minimum": 1},
    "additionalParams": KEY_VALUE_PAIRS,
}, ("terminationType",))

# SOL003 5.5.2.9 (vnfcInstanceId and healScript: SOL002's per-VNFC heal)
HEAL = _obj({
    "cause": {"type": "string", "maxLength": 255},
    "additionalParams": KEY_VALUE_PAIRS,
    "vnfcInstanceId": _array(IDENTIFIER),
    "healScript": {"type": "string", "maxLength": 255},
})

# SOL003 5.5.2.11
CHANGE_EXT_CONN = _obj({
    "extVirtualLinks": _EXT_VLS,
    "vimConnectionInfo": VIM_CONNECTIONS,
    "additionalParams": KEY_VALUE_PAIRS,
}, ("extVirtualLinks",))

# SOL003 5.5.2.11a
CHANGE_VNFPKG = _obj({
    "vnfdId": IDENTIFIER,
    "extVirtualLinks": _EXT_VLS,
    "extManagedVirtualLinks": _EXT_MANAGED_VLS,
    "vimConnectionInfo": VIM_CONNECTIONS,
    "additionalParams": KEY_VALUE_PAIRS,
    "extensions": KEY_VALUE_PAIRS,
    "vnfConfigurableProperties": KEY_VALUE_PAIRS,
}, ("vnfdId",))

# SOL003 5.5.2.12 (vnfcInfoModifications: SOL002 5.5.3.24). Members set to null remove
# (JSON merge patch), so every map also accepts null.
_NULLABLE_MAP: Schema = {"anyOf": [{"type": "null"}, KEY_VALUE_PAIRS]}
MODIFY = _obj({
    "vnfInstanceName": {"type": ["string", "null"], "maxLength": 255},
    "vnfInstanceDescription": {"type": ["string", "null"], "maxLength": 1024},
    "vnfdId": IDENTIFIER,
    "vnfConfigurableProperties": _NULLABLE_MAP,
    "metadata": _NULLABLE_MAP,
    "extensions": _NULLABLE_MAP,
    "vimConnectionInfo": {"type": "object", "additionalProperties": {
        "anyOf": [{"type": "null"}, VIM_CONNECTION_INFO]}},
    "vnfcInfoModifications": _array(_obj({
        "id": IDENTIFIER, "vnfcConfigurableProperties": KEY_VALUE_PAIRS,
    }, ("id", "vnfcConfigurableProperties"))),
})

OPERATION_TYPES = ("INSTANTIATE", "SCALE", "SCALE_TO_LEVEL", "CHANGE_FLAVOUR",
                   "TERMINATE", "HEAL", "OPERATE", "CHANGE_EXT_CONN", "MODIFY_INFO",
                   "CREATE_SNAPSHOT", "REVERT_TO_SNAPSHOT", "CHANGE_VNFPKG")
OPERATION_STATES = ("STARTING", "PROCESSING", "COMPLETED", "FAILED_TEMP", "FAILED",
                    "ROLLING_BACK", "ROLLED_BACK")
NOTIFICATION_TYPES = ("VnfLcmOperationOccurrenceNotification",
                      "VnfIdentifierCreationNotification",
                      "VnfIdentifierDeletionNotification")

_STRING = {"type": "string"}
_VNF_PRODUCTS = _array(_obj({
    "vnfProductName": _STRING,
    "versions": _array(_obj({"vnfSoftwareVersion": _STRING,
                             "vnfdVersions": _array(_STRING)},
                            ("vnfSoftwareVersion",))),
}, ("vnfProductName",)))

# SOL003 4.4.1.5
VNF_INSTANCE_SUBSCRIPTION_FILTER = _obj({
    "vnfdIds": _array(IDENTIFIER),
    "vnfProductsFromProviders": _array(_obj({"vnfProvider": _STRING,
                                             "vnfProducts": _VNF_PRODUCTS},
                                            ("vnfProvider",))),
    "vnfInstanceIds": _array(IDENTIFIER),
    "vnfInstanceNames": _array(_STRING),
})

# SOL013 8.3.4 SubscriptionAuthentication (TLS_CERT is not supported; the parameters
# must be given in the request, there is no out-of-band way to provide them).
_AUTHENTICATION = _obj({
    "authType": _array({"enum": ["BASIC", "OAUTH2_CLIENT_CREDENTIALS"]}, minItems=1),
    "paramsBasic": _obj({"userName": _STRING, "password": _STRING},
                        ("userName", "password")),
    "paramsOauth2ClientCredentials": _obj({
        "clientId": _STRING, "clientPassword": _STRING,
        "tokenEndpoint": {"type": "string", "format": "uri"},
    }, ("clientId", "clientPassword", "tokenEndpoint")),
}, ("authType",))

# SOL003 5.5.2.15 and 5.5.3.12
SUBSCRIPTION = _obj({
    "filter": _obj({
        "vnfInstanceSubscriptionFilter": VNF_INSTANCE_SUBSCRIPTION_FILTER,
        "notificationTypes": _array({"enum": list(NOTIFICATION_TYPES)}),
        "operationTypes": _array({"enum": list(OPERATION_TYPES)}),
        "operationStates": _array({"enum": list(OPERATION_STATES)}),
    }),
    "callbackUri": {"type": "string", "minLength": 1, "maxLength": 255, "format": "uri"},
    "authentication": _AUTHENTICATION,
    "verbosity": {"enum": ["FULL", "SHORT"]},
}, ("callbackUri",))
