import HTTPTypes
import LedgerCore

/// The OpenAPI 3.1 description of the API, served at `GET /openapi.json`.
///
/// The routes up to the OpenLineage ones are hand-written JSON (``base``); the others are
/// generated from ``OpenAPIOperation`` data (``OpenAPIOperation/all``) and merged in.
/// `OpenAPIDocumentTests` checks that the result lists exactly the routes of ``APIEndpoint``, so a
/// route cannot be added without documenting it.
public enum OpenAPIDocument {
    /// The document, as served.
    public static let json: String = {
        do throws(LedgerError) {
            guard case .object(var document) = try JSONValue.parse(base), case .object(var paths)? = document["paths"] else { return base }
            for operation in OpenAPIOperation.all {
                var item = paths[operation.endpoint.path]?.objectValue ?? JSONObject()
                item[operation.endpoint.method.rawValue.lowercased()] = .object(operation.json)
                paths[operation.endpoint.path] = .object(item)
            }
            document["paths"] = .object(paths)
            return String(decoding: JSONValue.object(document).canonicalBytes(), as: UTF8.self)
        } catch {
            return base
        }
    }()

    static let base = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "govledger API",
    "version": "1.0.0",
    "description": "The govledger audit ledger over HTTP: transparency-log reads, the model registry, and governance commands. See docs/api.md."
  },
  "servers": [
    {
      "url": "http://127.0.0.1:8080"
    }
  ],
  "security": [
    {
      "bearer": []
    }
  ],
  "paths": {
    "/": {
      "get": {
        "summary": "The integrity page: the latest checkpoint and how to verify the ledger independently (HTML, no JavaScript).",
        "tags": [
          "dashboard"
        ],
        "operationId": "getIntegrityPage",
        "security": [],
        "responses": {
          "200": {
            "description": "An HTML page.",
            "content": {
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        }
      }
    },
    "/checkpoint": {
      "get": {
        "summary": "The latest signed checkpoint (C2SP signed note).",
        "tags": [
          "log"
        ],
        "operationId": "getCheckpoint",
        "security": [],
        "responses": {
          "200": {
            "description": "The checkpoint note.",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/openapi.json": {
      "get": {
        "summary": "This document.",
        "tags": [
          "meta"
        ],
        "operationId": "getOpenAPI",
        "security": [],
        "responses": {
          "200": {
            "description": "The OpenAPI document.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Object"
                }
              }
            }
          }
        }
      }
    },
    "/v1/entries": {
      "get": {
        "summary": "Entries in export format, one JSON object per line.",
        "tags": [
          "log"
        ],
        "operationId": "listEntries",
        "parameters": [
          {
            "name": "from",
            "in": "query",
            "required": false,
            "description": "The first seq (default 0).",
            "schema": {
              "type": "integer",
              "minimum": 0
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "At most this many (default 100, capped at the server's page size).",
            "schema": {
              "type": "integer",
              "minimum": 0
            }
          }
        ],
        "responses": {
          "200": {
            "description": "JSON Lines.",
            "content": {
              "application/jsonl": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/v1/proof/inclusion": {
      "get": {
        "summary": "Inclusion proof of one entry (RFC 9162).",
        "tags": [
          "log"
        ],
        "operationId": "proveInclusion",
        "parameters": [
          {
            "name": "seq",
            "in": "query",
            "required": true,
            "description": "The entry.",
            "schema": {
              "type": "integer",
              "minimum": 0
            }
          },
          {
            "name": "size",
            "in": "query",
            "required": false,
            "description": "The tree size (default: the latest checkpoint's).",
            "schema": {
              "type": "integer",
              "minimum": 0
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The proof, as govledger prove inclusion --json.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Object"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/v1/proof/consistency": {
      "get": {
        "summary": "Consistency proof between two tree sizes (RFC 9162).",
        "tags": [
          "log"
        ],
        "operationId": "proveConsistency",
        "parameters": [
          {
            "name": "from",
            "in": "query",
            "required": true,
            "description": "The earlier size.",
            "schema": {
              "type": "integer",
              "minimum": 0
            }
          },
          {
            "name": "to",
            "in": "query",
            "required": false,
            "description": "The later size (default: the latest checkpoint's).",
            "schema": {
              "type": "integer",
              "minimum": 0
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The proof, as govledger prove consistency --json.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Object"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/v1/stats": {
      "get": {
        "summary": "Entries, streams, payloads, head.",
        "tags": [
          "log"
        ],
        "operationId": "getStats",
        "responses": {
          "200": {
            "description": "Statistics.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Object"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/v1/registry": {
      "get": {
        "summary": "Every model with its versions.",
        "tags": [
          "registry"
        ],
        "operationId": "getRegistry",
        "responses": {
          "200": {
            "description": "The registry.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Object"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/v1/models/{name}": {
      "get": {
        "summary": "One model with its versions.",
        "tags": [
          "registry"
        ],
        "operationId": "getModel",
        "parameters": [
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "The model's slug, such as fraud-detection-engine.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The model.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Object"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/v1/models/{name}/history": {
      "get": {
        "summary": "Every entry of the model's stream.",
        "tags": [
          "registry"
        ],
        "operationId": "getModelHistory",
        "parameters": [
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "The model's slug, such as fraud-detection-engine.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The history.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Object"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/v1/models": {
      "post": {
        "summary": "Register a model (model.registered).",
        "tags": [
          "governance"
        ],
        "operationId": "registerModel",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "name",
                  "owner",
                  "framework",
                  "tier",
                  "purpose"
                ],
                "properties": {
                  "name": {
                    "type": "string"
                  },
                  "owner": {
                    "type": "string"
                  },
                  "framework": {
                    "type": "string"
                  },
                  "tier": {
                    "type": "integer",
                    "minimum": 1
                  },
                  "purpose": {
                    "type": "string"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The entries written, in order.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Written"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "422": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/v1/models/{name}/versions": {
      "post": {
        "summary": "Register a version with its lineage (model.version.registered).",
        "tags": [
          "governance"
        ],
        "operationId": "registerVersion",
        "parameters": [
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "The model's slug, such as fraud-detection-engine.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "version",
                  "lineage"
                ],
                "properties": {
                  "version": {
                    "type": "string"
                  },
                  "lineage": {
                    "type": "object",
                    "description": "The lineage object (docs/events.md)."
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The entries written, in order.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Written"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "422": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/v1/models/{name}/versions/{version}/validations": {
      "post": {
        "summary": "Record a validation suite's measured values (validation.recorded).",
        "tags": [
          "governance"
        ],
        "operationId": "recordValidation",
        "parameters": [
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "The model's slug, such as fraud-detection-engine.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "version",
            "in": "path",
            "required": true,
            "description": "The version, MAJOR.MINOR.PATCH.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "suite",
                  "metrics"
                ],
                "properties": {
                  "suite": {
                    "type": "string"
                  },
                  "metrics": {
                    "type": "object",
                    "additionalProperties": {
                      "type": [
                        "number",
                        "boolean"
                      ]
                    }
                  },
                  "note": {
                    "type": "string"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The entries written, in order.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Written"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "422": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/v1/models/{name}/versions/{version}/transitions": {
      "post": {
        "summary": "Move a version to another stage (model.version.transitioned).",
        "tags": [
          "governance"
        ],
        "operationId": "transitionVersion",
        "parameters": [
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "The model's slug, such as fraud-detection-engine.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "version",
            "in": "path",
            "required": true,
            "description": "The version, MAJOR.MINOR.PATCH.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "to"
                ],
                "properties": {
                  "to": {
                    "type": "string"
                  },
                  "deployment": {
                    "type": "string"
                  },
                  "reason": {
                    "type": "string"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The entries written, in order.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Written"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "422": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/v1/models/{name}/versions/{version}/approval-requests": {
      "post": {
        "summary": "Open an approval request (approval.requested).",
        "tags": [
          "governance"
        ],
        "operationId": "requestApproval",
        "parameters": [
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "The model's slug, such as fraud-detection-engine.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "version",
            "in": "path",
            "required": true,
            "description": "The version, MAJOR.MINOR.PATCH.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "required": [],
                "properties": {
                  "to": {
                    "type": "string",
                    "default": "approved"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The entries written, in order.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Written"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "422": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/v1/models/{name}/versions/{version}/votes": {
      "post": {
        "summary": "Cast a vote signed by the member (vote.cast).",
        "tags": [
          "governance"
        ],
        "operationId": "castVote",
        "parameters": [
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "The model's slug, such as fraud-detection-engine.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "version",
            "in": "path",
            "required": true,
            "description": "The version, MAJOR.MINOR.PATCH.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "decision",
                  "rationale",
                  "signature",
                  "keyFingerprint"
                ],
                "properties": {
                  "member": {
                    "type": "string",
                    "description": "If given, must be the token's principal."
                  },
                  "decision": {
                    "type": "string",
                    "enum": [
                      "approve",
                      "reject",
                      "abstain"
                    ]
                  },
                  "rationale": {
                    "type": "string"
                  },
                  "dissent": {
                    "type": "string"
                  },
                  "signature": {
                    "type": "string",
                    "description": "Base64 Ed25519 signature from govledger vote --sign-only."
                  },
                  "keyFingerprint": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{64}$"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The entries written, in order.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Written"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "422": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/v1/models/{name}/versions/{version}/signoffs": {
      "post": {
        "summary": "Sign off an approval request in a governance role (approval.signoff.recorded).",
        "tags": [
          "governance"
        ],
        "operationId": "signOff",
        "parameters": [
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "The model's slug, such as fraud-detection-engine.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "version",
            "in": "path",
            "required": true,
            "description": "The version, MAJOR.MINOR.PATCH.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "role"
                ],
                "properties": {
                  "role": {
                    "type": "string"
                  },
                  "note": {
                    "type": "string"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The entries written, in order.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Written"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "422": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/lineage": {
      "post": {
        "summary": "Record one OpenLineage 2-0-2 RunEvent, JobEvent or DatasetEvent (openlineage.event.recorded).",
        "tags": [
          "lineage"
        ],
        "operationId": "recordLineageEvent",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "description": "An OpenLineage event; docs/mlflow.md describes the link to a model version.",
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The entries written, in order.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Written"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "422": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/lineage/batch": {
      "post": {
        "summary": "Record several OpenLineage events, all or none.",
        "tags": [
          "lineage"
        ],
        "operationId": "recordLineageBatch",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "description": "A JSON array of OpenLineage events.",
                "type": "array"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The entries written, in order.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Written"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "422": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "A token from govledger tokens create."
      }
    },
    "schemas": {
      "Object": {
        "type": "object"
      },
      "Written": {
        "type": "object",
        "required": [
          "entries"
        ],
        "properties": {
          "entries": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "seq": {
                  "type": "integer"
                },
                "stream": {
                  "type": "string"
                },
                "streamVersion": {
                  "type": "integer"
                },
                "type": {
                  "type": "string"
                },
                "time": {
                  "type": "string"
                },
                "leafHash": {
                  "type": "string"
                }
              }
            }
          }
        }
      },
      "Error": {
        "type": "object",
        "required": [
          "error"
        ],
        "properties": {
          "error": {
            "type": "object",
            "required": [
              "code",
              "message"
            ],
            "properties": {
              "code": {
                "type": "string"
              },
              "message": {
                "type": "string"
              },
              "rule": {
                "type": "string"
              }
            }
          }
        }
      }
    },
    "responses": {
      "Error": {
        "description": "An error: 400 bad input, 401 no or bad token, 403 role not allowed, 404 not found, 409 stream conflict, 413 body too large, 422 rule rejection, 429 too many failed authentications.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      }
    }
  }
}
"""#
}
