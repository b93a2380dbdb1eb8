package dev.effitrain.core.metrics.tensorboard;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.Map;

/**
 * The part of TensorBoard's {@code event.proto} and {@code summary.proto} that scalars need, as
 * protobuf descriptors built in code (no protoc step), and {@link DynamicMessage}s built from them:
 *
 * <pre>
 * message Event   { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
 * message Summary { message Value { string tag = 1; float simple_value = 2; }  repeated Value value = 1; }
 * </pre>
 *
 * Field numbers are TensorBoard's; a reader with the full schema sees the same messages.
 */
public final class EventProtos {
    /** The first record of every event file. */
    public static final String FILE_VERSION = "brain.Event:2";

    public static final Descriptor EVENT;
    public static final Descriptor SUMMARY;
    public static final Descriptor SUMMARY_VALUE;

    static {
        DescriptorProto value = DescriptorProto.newBuilder().setName("Value")
                .addField(field("tag", 1, FieldDescriptorProto.Type.TYPE_STRING))
                .addField(field("simple_value", 2, FieldDescriptorProto.Type.TYPE_FLOAT))
                .build();
        DescriptorProto summary = DescriptorProto.newBuilder().setName("Summary")
                .addNestedType(value)
                .addField(field("value", 1, FieldDescriptorProto.Type.TYPE_MESSAGE)
                        .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED).setTypeName(".tensorboard.Summary.Value"))
                .build();
        DescriptorProto event = DescriptorProto.newBuilder().setName("Event")
                .addField(field("wall_time", 1, FieldDescriptorProto.Type.TYPE_DOUBLE))
                .addField(field("step", 2, FieldDescriptorProto.Type.TYPE_INT64))
                .addField(field("file_version", 3, FieldDescriptorProto.Type.TYPE_STRING))
                .addField(field("summary", 5, FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName(".tensorboard.Summary"))
                .build();
        FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName("effitrain/tensorboard_event.proto").setPackage("tensorboard").setSyntax("proto3")
                .addMessageType(summary).addMessageType(event)
                .build();
        try {
            FileDescriptor fd = FileDescriptor.buildFrom(file, new FileDescriptor[0]);
            EVENT = fd.findMessageTypeByName("Event");
            SUMMARY = fd.findMessageTypeByName("Summary");
            SUMMARY_VALUE = SUMMARY.findNestedTypeByName("Value");
        } catch (DescriptorValidationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private EventProtos() {
    }

    /** The event that opens a file: its format version. */
    public static DynamicMessage fileVersion(double wallTime) {
        return DynamicMessage.newBuilder(EVENT)
                .setField(EVENT.findFieldByName("wall_time"), wallTime)
                .setField(EVENT.findFieldByName("file_version"), FILE_VERSION)
                .build();
    }

    /** One event with a scalar summary value per entry of {@code scalars} (tag to value), in their order. */
    public static DynamicMessage scalars(double wallTime, long step, Map<String, Double> scalars) {
        DynamicMessage.Builder summary = DynamicMessage.newBuilder(SUMMARY);
        scalars.forEach((tag, v) -> summary.addRepeatedField(SUMMARY.findFieldByName("value"),
                DynamicMessage.newBuilder(SUMMARY_VALUE)
                        .setField(SUMMARY_VALUE.findFieldByName("tag"), tag)
                        .setField(SUMMARY_VALUE.findFieldByName("simple_value"), v.floatValue())
                        .build()));
        return DynamicMessage.newBuilder(EVENT)
                .setField(EVENT.findFieldByName("wall_time"), wallTime)
                .setField(EVENT.findFieldByName("step"), step)
                .setField(EVENT.findFieldByName("summary"), summary.build())
                .build();
    }

    private static FieldDescriptorProto.Builder field(String name, int number, FieldDescriptorProto.Type type) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
    }
}
