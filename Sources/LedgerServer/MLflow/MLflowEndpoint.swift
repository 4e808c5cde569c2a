public import Hummingbird

/// The routes of the MLflow-compatible Model Registry API (`/api/2.0/mlflow/…`) and of the MLflow
/// webhook receiver, with the method, path and permission MLflow's REST API and its Python
/// client use (`mlflow/protos/model_registry.proto`): reads are GET with query parameters,
/// writes POST, PATCH or DELETE with a JSON body.
///
/// The permissions reuse the ``APIRole`` matrix: reads need `read-registry`; model-level
/// writes (create, rename, describe, tag) `register-model`; version-level writes (create,
/// describe, tag, aliases) `register-version`; stage transitions and deletions `transition`.
/// Setting an alias the policy maps to a stage (such as `champion`) also needs `transition`,
/// checked by the handler. The webhook is authenticated by its HMAC signature, not a token.
public enum MLflowEndpoint: String, CaseIterable, Sendable {
    case createRegisteredModel, getRegisteredModel, searchRegisteredModels, renameRegisteredModel, updateRegisteredModel,
        deleteRegisteredModel, getLatestVersions, getLatestVersionsByGet
    case setRegisteredModelTag, deleteRegisteredModelTag, setAlias, deleteAlias, getByAlias
    case createModelVersion, getModelVersion, searchModelVersions, updateModelVersion, deleteModelVersion,
        transitionStage, getDownloadURI, setModelVersionTag, deleteModelVersionTag
    case webhook

    public var method: HTTPRequest.Method {
        switch self {
        case .getRegisteredModel, .searchRegisteredModels, .getLatestVersionsByGet, .getByAlias, .getModelVersion, .searchModelVersions,
            .getDownloadURI:
            .get
        case .updateRegisteredModel, .updateModelVersion: .patch
        case .deleteRegisteredModel, .deleteRegisteredModelTag, .deleteAlias, .deleteModelVersion, .deleteModelVersionTag: .delete
        default: .post
        }
    }

    public var path: String {
        switch self {
        case .createRegisteredModel: "/api/2.0/mlflow/registered-models/create"
        case .getRegisteredModel: "/api/2.0/mlflow/registered-models/get"
        case .searchRegisteredModels: "/api/2.0/mlflow/registered-models/search"
        case .renameRegisteredModel: "/api/2.0/mlflow/registered-models/rename"
        case .updateRegisteredModel: "/api/2.0/mlflow/registered-models/update"
        case .deleteRegisteredModel: "/api/2.0/mlflow/registered-models/delete"
        case .getLatestVersions, .getLatestVersionsByGet: "/api/2.0/mlflow/registered-models/get-latest-versions"
        case .setRegisteredModelTag: "/api/2.0/mlflow/registered-models/set-tag"
        case .deleteRegisteredModelTag: "/api/2.0/mlflow/registered-models/delete-tag"
        case .setAlias, .deleteAlias, .getByAlias: "/api/2.0/mlflow/registered-models/alias"
        case .createModelVersion: "/api/2.0/mlflow/model-versions/create"
        case .getModelVersion: "/api/2.0/mlflow/model-versions/get"
        case .searchModelVersions: "/api/2.0/mlflow/model-versions/search"
        case .updateModelVersion: "/api/2.0/mlflow/model-versions/update"
        case .deleteModelVersion: "/api/2.0/mlflow/model-versions/delete"
        case .transitionStage: "/api/2.0/mlflow/model-versions/transition-stage"
        case .getDownloadURI: "/api/2.0/mlflow/model-versions/get-download-uri"
        case .setModelVersionTag: "/api/2.0/mlflow/model-versions/set-tag"
        case .deleteModelVersionTag: "/api/2.0/mlflow/model-versions/delete-tag"
        case .webhook: "/integrations/mlflow/webhook"
        }
    }

    /// The permission the route needs; `nil` for the webhook (signed, not token-authenticated).
    public var permission: APIPermission? {
        switch self {
        case .getRegisteredModel, .searchRegisteredModels, .getLatestVersions, .getLatestVersionsByGet, .getByAlias, .getModelVersion,
            .searchModelVersions, .getDownloadURI:
            .readRegistry
        case .createRegisteredModel, .renameRegisteredModel, .updateRegisteredModel, .deleteRegisteredModel, .setRegisteredModelTag,
            .deleteRegisteredModelTag:
            .registerModel
        case .createModelVersion, .updateModelVersion, .setModelVersionTag, .deleteModelVersionTag, .setAlias, .deleteAlias:
            .registerVersion
        case .transitionStage, .deleteModelVersion: .transition
        case .webhook: nil
        }
    }
}
