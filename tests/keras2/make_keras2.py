"""Writes the Keras 2 model configs next to this script, in the forms Keras 2 wrote with
`model.to_json()` (and into HDF5 files as `model_config`), for tests/test_import_keras2.py.

Keras 2 is not installable beside the pinned torch, so the files are written from these
descriptions, following real Keras 2 output key for key: layer entries without `module`
or `registered_name`; `batch_input_shape` on an InputLayer, or on the first layer of a
Sequential; `inbound_nodes` as a list of nodes, each a list of [layer, node, tensor,
kwargs]; Keras <= 2.1's Sequential whose `config` is a bare list of layers; `class_name`
"Model" (Keras <= 2.3) or "Functional" (tf.keras >= 2.4) wrapped in `model_config`; and
a nested model whose first call is its node 1 (Keras 2 counts its construction as node 0).

Run: python tests/keras2/make_keras2.py
"""

import json
from pathlib import Path

HERE = Path(__file__).parent


def layer(cls, name, inbound=None, **config):
    entry = {"class_name": cls, "config": {"name": name, "trainable": True, **config}}
    if inbound is not None:  # functional models name each layer and list its calls
        entry["name"] = name
        entry["inbound_nodes"] = [[[src, node, 0, {}] for src, node in call] for call in inbound]
    return entry


def conv(name, filters, kernel, inbound=None, padding="valid", **extra):
    return layer("Conv2D", name, inbound, filters=filters, kernel_size=[kernel, kernel],
                 strides=[1, 1], padding=padding, data_format="channels_last",
                 dilation_rate=[1, 1], activation="relu", use_bias=True,
                 kernel_initializer={"class_name": "VarianceScaling",
                                     "config": {"scale": 1, "mode": "fan_avg", "seed": None,
                                                "distribution": "uniform"}},
                 bias_initializer={"class_name": "Zeros", "config": {}},
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **extra)


def pool(name, inbound=None):
    return layer("MaxPooling2D", name, inbound, pool_size=[2, 2], strides=[2, 2],
                 padding="valid", data_format="channels_last")


def dense(name, units, inbound=None, **extra):
    return layer("Dense", name, inbound, units=units, activation="linear", use_bias=True,
                 **extra)


def input_layer(name, shape):
    return layer("InputLayer", name, [], batch_input_shape=[None, *shape], dtype="float32",
                 sparse=False)


# Keras 2.1: a Sequential whose config is the bare list; the first layer holds the input.
SEQUENTIAL_LIST = {
    "class_name": "Sequential", "keras_version": "2.1.1", "backend": "tensorflow",
    "config": [conv("conv2d_1", 32, 3, batch_input_shape=[None, 28, 28, 1], dtype="float32"),
               conv("conv2d_2", 64, 3), pool("max_pooling2d_1"),
               layer("Dropout", "dropout_1", rate=0.25, noise_shape=None, seed=None),
               layer("Flatten", "flatten_1"),
               dense("dense_1", 128), dense("dense_2", 10)],
}

# Keras 2.2: a functional "Model" with a residual Add and a Concatenate.
FUNCTIONAL = {
    "class_name": "Model", "keras_version": "2.2.4", "backend": "tensorflow",
    "config": {"name": "branches", "layers": [
        input_layer("input_1", [32, 32, 3]),
        conv("conv2d_1", 8, 3, [[("input_1", 0)]], padding="same"),
        conv("conv2d_2", 8, 3, [[("conv2d_1", 0)]], padding="same"),
        layer("Add", "add_1", [[("conv2d_1", 0), ("conv2d_2", 0)]]),
        layer("Concatenate", "concatenate_1", [[("add_1", 0), ("conv2d_1", 0)]], axis=-1),
        layer("BatchNormalization", "batch_normalization_1", [[("concatenate_1", 0)]],
              axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True),
        layer("GlobalAveragePooling2D", "global_average_pooling2d_1",
              [[("batch_normalization_1", 0)]], data_format="channels_last"),
        dense("dense_1", 10, [[("global_average_pooling2d_1", 0)]])],
        "input_layers": [["input_1", 0, 0]], "output_layers": [["dense_1", 0, 0]]},
}

# tf.keras 2.4, as written into an HDF5 file: a nested Sequential, called once (node 1).
_INNER = layer("Sequential", "features", [[("input_1", 0)]])
_INNER["config"]["layers"] = [conv("inner_conv", 16, 3, batch_input_shape=[None, 28, 28, 1]),
                              pool("inner_pool")]
NESTED = {"keras_version": "2.4.0", "backend": "tensorflow", "model_config": {
    "class_name": "Functional",
    "config": {"name": "nested", "layers": [
        input_layer("input_1", [28, 28, 1]), _INNER,
        layer("Flatten", "flatten", [[("features", 1)]]),
        dense("logits", 10, [[("flatten", 0)]])],
        "input_layers": [["input_1", 0, 0]], "output_layers": [["logits", 0, 0]]}}}

FILES = {"sequential_list_keras2.1.json": SEQUENTIAL_LIST,
         "functional_keras2.2.json": FUNCTIONAL,
         "nested_tf_keras2.4.json": NESTED}

if __name__ == "__main__":
    for name, config in FILES.items():
        (HERE / name).write_text(json.dumps(config, indent=1) + "\n")
