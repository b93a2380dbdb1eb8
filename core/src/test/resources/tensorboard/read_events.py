"""Reads a run directory's TensorBoard scalars and prints them as JSON: {tag: [[step, value, wall_time], ...]}.

Usage: read_events.py tensorboard|protobuf RUN_DIR

tensorboard: TensorBoard's own EventAccumulator, what `tensorboard --logdir` and W&B's sync read with.
protobuf:    a reader independent of effitrain's writer: TFRecord framing with both masked CRC-32Cs
             checked, and the Event protobufs decoded by the `protobuf` package from TensorBoard's
             event.proto / summary.proto field numbers.
"""
import json
import os
import struct
import sys


def with_tensorboard(run_dir):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    acc = EventAccumulator(run_dir, size_guidance={"scalars": 0})
    acc.Reload()
    return {tag: [[e.step, e.value, e.wall_time] for e in acc.Scalars(tag)] for tag in acc.Tags()["scalars"]}


def _crc32c_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_TABLE = _crc32c_table()


def masked_crc32c(data):
    c = 0xFFFFFFFF
    for byte in data:
        c = _TABLE[(c ^ byte) & 0xFF] ^ (c >> 8)
    c ^= 0xFFFFFFFF
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def records(path):
    with open(path, "rb") as f:
        blob = f.read()
    pos = 0
    while pos < len(blob):
        header = blob[pos:pos + 8]
        (length,) = struct.unpack("<Q", header)
        (length_crc,) = struct.unpack("<I", blob[pos + 8:pos + 12])
        if length_crc != masked_crc32c(header):
            raise ValueError("%s: bad length CRC at byte %d" % (path, pos))
        data = blob[pos + 12:pos + 12 + length]
        (data_crc,) = struct.unpack("<I", blob[pos + 12 + length:pos + 16 + length])
        if len(data) != length or data_crc != masked_crc32c(data):
            raise ValueError("%s: bad data CRC or torn record at byte %d" % (path, pos))
        yield data
        pos += 16 + length


def event_class():
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

    F = descriptor_pb2.FieldDescriptorProto
    f = descriptor_pb2.FileDescriptorProto(name="tb_check.proto", package="tbcheck", syntax="proto3")
    summary = f.message_type.add(name="Summary")
    value = summary.nested_type.add(name="Value")
    value.field.add(name="tag", number=1, type=F.TYPE_STRING, label=F.LABEL_OPTIONAL)
    value.field.add(name="simple_value", number=2, type=F.TYPE_FLOAT, label=F.LABEL_OPTIONAL)
    value.field.add(name="node_name", number=7, type=F.TYPE_STRING, label=F.LABEL_OPTIONAL)
    summary.field.add(name="value", number=1, type=F.TYPE_MESSAGE, label=F.LABEL_REPEATED,
                      type_name=".tbcheck.Summary.Value")
    event = f.message_type.add(name="Event")
    event.field.add(name="wall_time", number=1, type=F.TYPE_DOUBLE, label=F.LABEL_OPTIONAL)
    event.field.add(name="step", number=2, type=F.TYPE_INT64, label=F.LABEL_OPTIONAL)
    event.field.add(name="file_version", number=3, type=F.TYPE_STRING, label=F.LABEL_OPTIONAL)
    event.field.add(name="graph_def", number=4, type=F.TYPE_BYTES, label=F.LABEL_OPTIONAL)
    event.field.add(name="summary", number=5, type=F.TYPE_MESSAGE, label=F.LABEL_OPTIONAL,
                    type_name=".tbcheck.Summary")
    pool = descriptor_pool.DescriptorPool()
    pool.Add(f)
    desc = pool.FindMessageTypeByName("tbcheck.Event")
    if hasattr(message_factory, "GetMessageClass"):
        return message_factory.GetMessageClass(desc)
    return message_factory.MessageFactory(pool).GetPrototype(desc)


def with_protobuf(run_dir):
    Event = event_class()
    out = {}
    files = sorted(n for n in os.listdir(run_dir) if n.startswith("events.out.tfevents."))
    for name in files:
        for i, data in enumerate(records(os.path.join(run_dir, name))):
            e = Event.FromString(data)
            if i == 0 and e.file_version != "brain.Event:2":
                raise ValueError("%s: first event has file_version %r" % (name, e.file_version))
            for v in e.summary.value:
                out.setdefault(v.tag, []).append([e.step, v.simple_value, e.wall_time])
    return out


if __name__ == "__main__":
    mode, run_dir = sys.argv[1], sys.argv[2]
    result = with_tensorboard(run_dir) if mode == "tensorboard" else with_protobuf(run_dir)
    json.dump(result, sys.stdout)
