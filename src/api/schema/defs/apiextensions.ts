/** apiextensions.k8s.io/v1: the CustomResourceDefinition and the JSONSchemaProps it holds. */
import { bool, int32, int64, kind, list, num, obj, oneOf, ref, str, strs, time } from '../dsl.js';
import type { Definitions, Schema } from '../types.js';

export const APIEXTENSIONS_V1 = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.';
const X = APIEXTENSIONS_V1;

/** A JSON value of any type, as Kubernetes publishes apiextensions' JSON: no type, so it is kept as given. */
const anyJson = (description: string): Schema => ({ description });
const props = () => ref(`${X}JSONSchemaProps`);
const propsMap = (description?: string): Schema => ({
  description,
  type: 'object',
  additionalProperties: props(),
});

// `$ref` and `$schema` stay out: a property named `$ref` would read as a reference to every
// walker of these documents, and a CRD schema may use neither.
const jsonSchemaProps: Schema = obj(
  'JSONSchemaProps is a JSON-Schema following Specification Draft 4 (http://json-schema.org/).',
  {
    additionalItems: ref(`${X}JSONSchemaPropsOrBool`),
    additionalProperties: ref(`${X}JSONSchemaPropsOrBool`),
    allOf: list(props()),
    anyOf: list(props()),
    default: ref(
      `${X}JSON`,
      'default is a default value for undefined object fields. Defaulting is a beta feature under the CustomResourceDefaulting feature gate. Defaulting requires spec.preserveUnknownFields to be false.',
    ),
    definitions: propsMap(),
    dependencies: { type: 'object', additionalProperties: ref(`${X}JSONSchemaPropsOrStringArray`) },
    description: str(),
    enum: list(ref(`${X}JSON`)),
    example: ref(`${X}JSON`),
    exclusiveMaximum: bool(),
    exclusiveMinimum: bool(),
    externalDocs: ref(`${X}ExternalDocumentation`),
    format: str(
      'format is an OpenAPI v3 format string. Unknown formats are ignored. The following formats are validated: bsonobjectid, uri, email, hostname, ipv4, ipv6, cidr, mac, uuid, uuid3, uuid4, uuid5, isbn, isbn10, isbn13, creditcard, ssn, hexcolor, rgbcolor, byte, password, date, duration, datetime.',
    ),
    id: str(),
    items: ref(`${X}JSONSchemaPropsOrArray`),
    maxItems: int64(),
    maxLength: int64(),
    maxProperties: int64(),
    maximum: num(),
    minItems: int64(),
    minLength: int64(),
    minProperties: int64(),
    minimum: num(),
    multipleOf: num(),
    not: props(),
    nullable: bool(),
    oneOf: list(props()),
    pattern: str(),
    patternProperties: propsMap(),
    properties: propsMap(),
    required: strs(),
    title: str(),
    type: str(),
    uniqueItems: bool(),
    'x-kubernetes-embedded-resource': bool(
      'x-kubernetes-embedded-resource defines that the value is an embedded Kubernetes runtime.Object, with TypeMeta and ObjectMeta.',
    ),
    'x-kubernetes-int-or-string': bool(
      'x-kubernetes-int-or-string specifies that this value is either an integer or a string.',
    ),
    'x-kubernetes-list-map-keys': strs(
      'x-kubernetes-list-map-keys annotates an array with the x-kubernetes-list-type `map` by specifying the keys used as the index of the map.',
    ),
    'x-kubernetes-list-type': str(
      'x-kubernetes-list-type annotates an array to further describe its topology: atomic, set or map.',
    ),
    'x-kubernetes-map-type': str(
      'x-kubernetes-map-type annotates an object to further describe its topology: granular or atomic.',
    ),
    'x-kubernetes-preserve-unknown-fields': bool(
      'x-kubernetes-preserve-unknown-fields stops the API server decoding step from pruning fields which are not specified in the validation schema.',
    ),
    'x-kubernetes-validations': list(
      ref(`${X}ValidationRule`),
      'x-kubernetes-validations describes a list of validation rules written in the CEL expression language.',
      { mergeKey: 'rule', strategy: 'merge', listType: 'map', mapKeys: ['rule'] },
    ),
  },
);

const names = obj(
  'CustomResourceDefinitionNames indicates the names to serve this CustomResourceDefinition',
  {
    categories: strs(
      "categories is a list of grouped resources this custom resource belongs to (e.g. 'all').",
    ),
    kind: str('kind is the serialized kind of the resource. It is normally CamelCase and singular.'),
    listKind: str('listKind is the serialized kind of the list for this resource. Defaults to "`kind`List".'),
    plural: str(
      'plural is the plural name of the resource to serve. The custom resources are served under `/apis/<group>/<version>/.../<plural>`. Must be all lowercase.',
    ),
    shortNames: strs(
      'shortNames are short names for the resource, exposed in API discovery documents, and used by clients to support invocations like `kubectl get <shortname>`. It must be all lowercase.',
    ),
    singular: str(
      'singular is the singular name of the resource. It must be all lowercase. Defaults to lowercased `kind`.',
    ),
  },
  ['plural', 'kind'],
);

const version = obj(
  'CustomResourceDefinitionVersion describes a version for CRD.',
  {
    additionalPrinterColumns: list(
      ref(`${X}CustomResourceColumnDefinition`),
      'additionalPrinterColumns specifies additional columns returned in Table output. If no columns are specified, a single column displaying the age of the custom resource is used.',
      { listType: 'atomic' },
    ),
    deprecated: bool('deprecated indicates this version of the custom resource API is deprecated.'),
    deprecationWarning: str('deprecationWarning overrides the default warning returned to API clients.'),
    name: str('name is the version name, e.g. “v1”, “v2beta1”, etc.'),
    schema: ref(
      `${X}CustomResourceValidation`,
      'schema describes the schema used for validation, pruning, and defaulting of this version of the custom resource.',
    ),
    selectableFields: list(
      ref(`${X}SelectableField`),
      'selectableFields specifies paths to fields that may be used as field selectors.',
      { listType: 'atomic' },
    ),
    served: bool('served is a flag enabling/disabling this version from being served via REST APIs'),
    storage: bool(
      'storage indicates this version should be used when persisting custom resources to storage. There must be exactly one version with storage=true.',
    ),
    subresources: ref(
      `${X}CustomResourceSubresources`,
      'subresources specify what subresources this version of the defined custom resource have.',
    ),
  },
  ['name', 'served', 'storage'],
);

const condition = obj(
  'CustomResourceDefinitionCondition contains details for the current condition of this pod.',
  {
    lastTransitionTime: time(
      'lastTransitionTime last time the condition transitioned from one status to another.',
    ),
    message: str('message is a human-readable message indicating details about last transition.'),
    observedGeneration: int64(
      'observedGeneration represents the .metadata.generation that the condition was set based upon.',
    ),
    reason: str("reason is a unique, one-word, CamelCase reason for the condition's last transition."),
    status: str('status is the status of the condition. Can be True, False, Unknown.'),
    type: str('type is the type of the condition. Types include Established, NamesAccepted and Terminating.'),
  },
  ['type', 'status'],
);

export const apiextensionsDefinitions: Definitions = {
  [`${X}CustomResourceDefinition`]: kind(
    'CustomResourceDefinition represents a resource that should be exposed on the API server.  Its name MUST be in the format <.spec.name>.<.spec.group>.',
    { group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' },
    {
      spec: ref(
        `${X}CustomResourceDefinitionSpec`,
        'spec describes how the user wants the resources to appear',
      ),
      status: ref(
        `${X}CustomResourceDefinitionStatus`,
        'status indicates the actual state of the CustomResourceDefinition',
      ),
    },
    ['spec'],
  ),
  [`${X}CustomResourceDefinitionSpec`]: obj(
    'CustomResourceDefinitionSpec describes how a user wants their resource to appear',
    {
      conversion: ref(`${X}CustomResourceConversion`, 'conversion defines conversion settings for the CRD.'),
      group: str(
        'group is the API group of the defined custom resource. The custom resources are served under `/apis/<group>/...`. Must match the name of the CustomResourceDefinition (in the form `<names.plural>.<group>`).',
      ),
      names: ref(
        `${X}CustomResourceDefinitionNames`,
        'names specify the resource and kind names for the custom resource.',
      ),
      preserveUnknownFields: bool(
        'preserveUnknownFields indicates that object fields which are not specified in the OpenAPI schema should be preserved when persisting to storage.',
      ),
      scope: str(
        'scope indicates whether the defined custom resource is cluster- or namespace-scoped. Allowed values are `Cluster` and `Namespaced`.',
      ),
      versions: list(
        ref(`${X}CustomResourceDefinitionVersion`),
        'versions is the list of all API versions of the defined custom resource.',
        { listType: 'atomic' },
      ),
    },
    ['group', 'names', 'scope', 'versions'],
  ),
  [`${X}CustomResourceDefinitionStatus`]: obj(
    'CustomResourceDefinitionStatus indicates the state of the CustomResourceDefinition',
    {
      acceptedNames: ref(
        `${X}CustomResourceDefinitionNames`,
        'acceptedNames are the names that are actually being used to serve discovery.',
      ),
      conditions: list(
        ref(`${X}CustomResourceDefinitionCondition`),
        'conditions indicate state for particular aspects of a CustomResourceDefinition',
        { listType: 'map', mapKeys: ['type'] },
      ),
      storedVersions: strs('storedVersions lists all versions of CustomResources that were ever persisted.'),
    },
  ),
  [`${X}CustomResourceDefinitionCondition`]: condition,
  [`${X}CustomResourceDefinitionNames`]: names,
  [`${X}CustomResourceDefinitionVersion`]: version,
  [`${X}CustomResourceColumnDefinition`]: obj(
    'CustomResourceColumnDefinition specifies a column for server side printing.',
    {
      description: str('description is a human readable description of this column.'),
      format: str('format is an optional OpenAPI type definition for this column.'),
      jsonPath: str(
        'jsonPath is a simple JSON path (i.e. with array notation) which is evaluated against each custom resource to produce the value for this column.',
      ),
      name: str('name is a human readable name for the column.'),
      priority: int32(
        'priority is an integer defining the relative importance of this column compared to others. Columns with priority greater than zero are shown with `-o wide`.',
      ),
      type: str(
        'type is an OpenAPI type definition for this column: integer, number, string, boolean or date.',
      ),
    },
    ['name', 'type', 'jsonPath'],
  ),
  [`${X}CustomResourceConversion`]: obj(
    'CustomResourceConversion describes how to convert different versions of a CR.',
    {
      strategy: oneOf(
        ['None', 'Webhook'],
        'strategy specifies how custom resources are converted between versions. Allowed values are: - `"None"`: the converter only change the apiVersion. - `"Webhook"`: API Server will call to an external webhook (not supported by minik8s).',
      ),
      webhook: ref(
        `${X}WebhookConversion`,
        'webhook describes how to call the conversion webhook. Required when `strategy` is set to `"Webhook"`.',
      ),
    },
    ['strategy'],
  ),
  [`${X}WebhookConversion`]: obj('WebhookConversion describes how to call a conversion webhook', {
    clientConfig: {
      description: 'clientConfig is the instructions for how to call the webhook if strategy is `Webhook`.',
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
    },
    conversionReviewVersions: strs(
      'conversionReviewVersions is an ordered list of preferred `ConversionReview` versions the Webhook expects.',
    ),
  }),
  [`${X}CustomResourceValidation`]: obj(
    'CustomResourceValidation is a list of validation methods for CustomResources.',
    {
      openAPIV3Schema: ref(
        `${X}JSONSchemaProps`,
        'openAPIV3Schema is the OpenAPI v3 schema to use for validation and pruning.',
      ),
    },
  ),
  [`${X}CustomResourceSubresources`]: obj(
    'CustomResourceSubresources defines the status and scale subresources for CustomResources.',
    {
      scale: ref(
        `${X}CustomResourceSubresourceScale`,
        'scale indicates the custom resource should serve a `/scale` subresource that returns an `autoscaling/v1` Scale object.',
      ),
      status: {
        description: 'status indicates the custom resource should serve a `/status` subresource.',
        type: 'object',
        'x-kubernetes-preserve-unknown-fields': true,
      },
    },
  ),
  [`${X}CustomResourceSubresourceScale`]: obj(
    'CustomResourceSubresourceScale defines how to serve the scale subresource for CustomResources.',
    {
      labelSelectorPath: str(
        'labelSelectorPath defines the JSON path inside of a custom resource that corresponds to Scale `status.selector`.',
      ),
      specReplicasPath: str(
        'specReplicasPath defines the JSON path inside of a custom resource that corresponds to Scale `spec.replicas`.',
      ),
      statusReplicasPath: str(
        'statusReplicasPath defines the JSON path inside of a custom resource that corresponds to Scale `status.replicas`.',
      ),
    },
    ['specReplicasPath', 'statusReplicasPath'],
  ),
  [`${X}SelectableField`]: obj(
    'SelectableField specifies the JSON path of a field that may be used with field selectors.',
    {
      jsonPath: str(
        'jsonPath is a simple JSON path which is evaluated against each custom resource to produce a field selector value.',
      ),
    },
    ['jsonPath'],
  ),
  [`${X}ValidationRule`]: obj(
    'ValidationRule describes a validation rule written in the CEL expression language.',
    {
      fieldPath: str(),
      message: str(),
      messageExpression: str(),
      optionalOldSelf: bool(),
      reason: str(),
      rule: str(),
    },
    ['rule'],
  ),
  [`${X}ExternalDocumentation`]: obj(
    'ExternalDocumentation allows referencing an external resource for extended documentation.',
    {
      description: str(),
      url: str(),
    },
  ),
  [`${X}JSONSchemaProps`]: jsonSchemaProps,
  [`${X}JSON`]: anyJson(
    'JSON represents any valid JSON value. These types are supported: bool, int64, float64, string, []interface{}, map[string]interface{} and nil.',
  ),
  [`${X}JSONSchemaPropsOrArray`]: anyJson(
    'JSONSchemaPropsOrArray represents a value that can either be a JSONSchemaProps or an array of JSONSchemaProps. Mainly here for serialization purposes.',
  ),
  [`${X}JSONSchemaPropsOrBool`]: anyJson(
    'JSONSchemaPropsOrBool represents JSONSchemaProps or a boolean value. Defaults to true for the boolean property.',
  ),
  [`${X}JSONSchemaPropsOrStringArray`]: anyJson(
    'JSONSchemaPropsOrStringArray represents a JSONSchemaProps or a string array.',
  ),
};
