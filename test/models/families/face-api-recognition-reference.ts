import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tf } from '../convert/tfjs-reference.js';

/**
 * face-api's FaceRecognitionNet forward pass written with TFJS ops, as the reference for the rebuilt
 * ONNX graph. Weights are decoded by TFJS itself (tf.io.decodeWeights), independently of our decoder.
 */
export async function faceApiRecognitionReference(modelDir: string): Promise<(input: Float32Array, batch: number) => Promise<Float32Array>> {
  const manifest = JSON.parse(await readFile(join(modelDir, 'face_recognition_model-weights_manifest.json'), 'utf8')) as { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  const group = manifest[0]!;
  const bin = Buffer.concat(await Promise.all(group.paths.map((p) => readFile(join(modelDir, p)))));
  const w = tf.io.decodeWeights(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength), group.weights);
  const t4 = (name: string) => w[name] as tf.Tensor4D;

  const convLayer = (x: tf.Tensor4D, prefix: string, stride: number, relu: boolean, padding: 'same' | 'valid'): tf.Tensor4D => {
    let out = tf.conv2d(x, t4(`${prefix}/conv/filters`), stride, padding);
    out = tf.add(out, w[`${prefix}/conv/bias`]!);
    out = tf.add(tf.mul(out, w[`${prefix}/scale/weights`]!), w[`${prefix}/scale/biases`]!);
    return (relu ? tf.relu(out) : out) as tf.Tensor4D;
  };
  const residual = (x: tf.Tensor4D, name: string): tf.Tensor4D => {
    const out = convLayer(convLayer(x, `${name}/conv1`, 1, true, 'same'), `${name}/conv2`, 1, false, 'same');
    return tf.relu(tf.add(out, x)) as tf.Tensor4D;
  };
  const residualDown = (x: tf.Tensor4D, name: string): tf.Tensor4D => {
    let out = convLayer(convLayer(x, `${name}/conv1`, 2, true, 'valid'), `${name}/conv2`, 1, false, 'same');
    let pooled = tf.avgPool(x, 2, 2, 'valid');
    if (pooled.shape[1] !== out.shape[1] || pooled.shape[2] !== out.shape[2]) {
      out = tf.concat([out, tf.zeros([out.shape[0], 1, out.shape[2], out.shape[3]])], 1);
      out = tf.concat([out, tf.zeros([out.shape[0], out.shape[1], 1, out.shape[3]])], 2);
    }
    if (pooled.shape[3] !== out.shape[3]) pooled = tf.concat([pooled, tf.zeros(pooled.shape)], 3);
    return tf.relu(tf.add(pooled, out)) as tf.Tensor4D;
  };

  return async (input, batch) => {
    const result = tf.tidy(() => {
      const x = tf.tensor4d(input, [batch, 150, 150, 3]);
      const normalised = tf.div(tf.sub(x, tf.tensor1d([122.782, 117.001, 104.298])), 255) as tf.Tensor4D;
      let out = convLayer(normalised, 'conv32_down', 2, true, 'valid');
      out = tf.maxPool(out, 3, 2, 'valid');
      for (const n of ['conv32_1', 'conv32_2', 'conv32_3']) out = residual(out, n);
      out = residualDown(out, 'conv64_down');
      for (const n of ['conv64_1', 'conv64_2', 'conv64_3']) out = residual(out, n);
      out = residualDown(out, 'conv128_down');
      for (const n of ['conv128_1', 'conv128_2']) out = residual(out, n);
      out = residualDown(out, 'conv256_down');
      for (const n of ['conv256_1', 'conv256_2']) out = residual(out, n);
      out = residualDown(out, 'conv256_down_out');
      return tf.matMul(tf.mean(out, [1, 2]) as tf.Tensor2D, w.fc as tf.Tensor2D);
    });
    const data = (await result.data()) as Float32Array;
    result.dispose();
    return data;
  };
}
