import type { z } from 'zod';
import { findTopic, type MessageTypeOn, type TopicKey, type TopicName } from '../topics/topic-catalog';
import { MessageDefinition, type Keyed } from './message-definition';

interface MessageDeclaration<Name extends string, Topic extends TopicName> {
  readonly name: Name;
  readonly topic: Topic;
  readonly description: string;
}

/**
 * Declares version 1 of a message type the topic catalog lists for `topic`. The compiler rejects a
 * name the catalog does not list for that topic and a schema without the topic's key field.
 */
export function defineMessage<
  const Topic extends TopicName,
  const Name extends MessageTypeOn<Topic>,
  S extends z.ZodType<Keyed<TopicKey<Topic>>>,
>(
  declaration: MessageDeclaration<Name, Topic>,
  schema: S,
): MessageDefinition<Name, Topic, TopicKey<Topic>, S> {
  const topic = findTopic(declaration.topic);
  if (topic === undefined) throw new Error(`topic ${declaration.topic} is not in the catalog`);
  const key = topic.key as TopicKey<Topic>;
  return MessageDefinition.first({ ...declaration, key }, schema);
}
