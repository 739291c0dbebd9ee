import { dirname, join } from 'node:path';

/**
 * Just enough of ONNX to write the tiny test models: a graph of nodes over named tensors, serialised
 * with the ONNX protobuf definitions compiled into the installed `onnxruntime-web` package (protobufjs
 * static code), so the bytes come from the official schema, not from a hand-written encoder.
 */

export type TensorElement = 'float' | 'int64' | 'uint8';

const ELEMENT_TYPE: Readonly<Record<TensorElement, number>> = { float: 1, uint8: 2, int64: 7 };
const ATTRIBUTE_TYPE = { INT: 2, INTS: 7 } as const;
/** IR version 8 and opset 13 are old enough for every onnxruntime build transformers.js ships with. */
const IR_VERSION = 8;
const OPSET = 13;

export type Initializer = {
  readonly name: string;
  readonly dims: readonly number[];
  readonly values: Float32Array | Uint8Array;
};

export type GraphNode = {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: Readonly<Record<string, number | readonly number[]>>;
};

/** A graph input or output; a string dimension is symbolic (`batch`, `sequence`). */
export type GraphValue = {
  readonly name: string;
  readonly element: TensorElement;
  readonly shape: readonly (number | string)[];
};

export type OnnxGraph = {
  readonly name: string;
  readonly nodes: readonly GraphNode[];
  readonly initializers: readonly Initializer[];
  readonly inputs: readonly GraphValue[];
  readonly outputs: readonly GraphValue[];
};

type ProtobufMessage = { encode(message: unknown): { finish(): Uint8Array } };
type OnnxNamespace = { ModelProto: ProtobufMessage & { create(properties: unknown): unknown } };

/**
 * The package's `exports` map hides its `lib/` folder, so the file is found from the resolved entry
 * point (`dist/…`) and required by absolute path, which the map does not restrict.
 */
function loadOnnxSchema(): OnnxNamespace {
  const entry = require.resolve('onnxruntime-web');
  const schema = join(dirname(entry), '..', 'lib', 'onnxjs', 'ort-schema', 'protobuf', 'onnx.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(schema) as { onnx: OnnxNamespace };
  return loaded.onnx;
}

function valueInfo(value: GraphValue) {
  return {
    name: value.name,
    type: {
      tensorType: {
        elemType: ELEMENT_TYPE[value.element],
        shape: {
          dim: value.shape.map((dimension) =>
            typeof dimension === 'number' ? { dimValue: dimension } : { dimParam: dimension },
          ),
        },
      },
    },
  };
}

function attribute(name: string, value: number | readonly number[]) {
  return typeof value === 'number'
    ? { name, type: ATTRIBUTE_TYPE.INT, i: value }
    : { name, type: ATTRIBUTE_TYPE.INTS, ints: [...value] };
}

/** Serialises the graph as an ONNX model (`ModelProto` bytes). */
export function encodeOnnxModel(graph: OnnxGraph, producer = 'argus-tiny-model'): Uint8Array {
  const onnx = loadOnnxSchema();
  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    producerName: producer,
    opsetImport: [{ domain: '', version: OPSET }],
    graph: {
      name: graph.name,
      node: graph.nodes.map((node, index) => ({
        name: `${node.opType.toLowerCase()}_${index}`,
        opType: node.opType,
        input: [...node.inputs],
        output: [...node.outputs],
        attribute: Object.entries(node.attributes ?? {}).map(([name, value]) => attribute(name, value)),
      })),
      initializer: graph.initializers.map((tensor) => ({
        name: tensor.name,
        dims: [...tensor.dims],
        dataType: tensor.values instanceof Float32Array ? ELEMENT_TYPE.float : ELEMENT_TYPE.uint8,
        // raw_data is little-endian by the ONNX spec, as are typed arrays on every platform Node runs on.
        rawData: new Uint8Array(tensor.values.buffer, tensor.values.byteOffset, tensor.values.byteLength),
      })),
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
