// Compares a double's GraphQL schema with Shopify's real one (the oracle), for the Admin and Storefront
// doubles alike: every type, field, argument, enum value, union member, interface and directive the double
// declares must exist upstream with the same type, and nothing upstream requires what the double leaves out.
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  specifiedDirectives,
  type GraphQLSchema,
} from "graphql";

const BUILT_IN_SCALARS = new Set(["String", "Int", "Float", "Boolean", "ID"]);

/** Every way the types of `ours` differ from `real` (ours may be a subset; nothing may differ). */
export function compareTypes(ours: GraphQLSchema, real: GraphQLSchema): string[] {
  const problems: string[] = [];
  for (const type of Object.values(ours.getTypeMap())) {
    if (type.name.startsWith("__") || BUILT_IN_SCALARS.has(type.name)) continue;
    const theirs = real.getType(type.name);
    if (!theirs) {
      problems.push(`type ${type.name} does not exist`);
      continue;
    }
    if (theirs.constructor !== type.constructor) {
      problems.push(`type ${type.name} is a ${theirs.constructor.name} upstream, not a ${type.constructor.name}`);
      continue;
    }
    if (isScalarType(type)) continue;
    if (isEnumType(type) && isEnumType(theirs)) {
      const values = new Set(theirs.getValues().map((v) => v.name));
      for (const v of type.getValues()) if (!values.has(v.name)) problems.push(`enum ${type.name} has no value ${v.name}`);
      continue;
    }
    if (isUnionType(type) && isUnionType(theirs)) {
      const members = new Set(theirs.getTypes().map((t) => t.name));
      for (const t of type.getTypes()) if (!members.has(t.name)) problems.push(`union ${type.name} has no member ${t.name}`);
      continue;
    }
    if ((isObjectType(type) || isInterfaceType(type)) && (isObjectType(theirs) || isInterfaceType(theirs))) {
      const interfaces = new Set(theirs.getInterfaces().map((i) => i.name));
      for (const i of type.getInterfaces()) if (!interfaces.has(i.name)) problems.push(`${type.name} does not implement ${i.name}`);
      const theirFields = theirs.getFields();
      for (const field of Object.values(type.getFields())) {
        const theirField = theirFields[field.name];
        if (!theirField) {
          problems.push(`${type.name}.${field.name} does not exist`);
          continue;
        }
        if (String(theirField.type) !== String(field.type))
          problems.push(`${type.name}.${field.name} is ${String(theirField.type)}, not ${String(field.type)}`);
        for (const arg of field.args) {
          const theirArg = theirField.args.find((a) => a.name === arg.name);
          if (!theirArg) problems.push(`${type.name}.${field.name}(${arg.name}) does not exist`);
          else if (String(theirArg.type) !== String(arg.type))
            problems.push(`${type.name}.${field.name}(${arg.name}) is ${String(theirArg.type)}, not ${String(arg.type)}`);
        }
        for (const theirArg of theirField.args) {
          if (isNonNullType(theirArg.type) && theirArg.defaultValue === undefined && !field.args.some((a) => a.name === theirArg.name)) {
            problems.push(`${type.name}.${field.name} omits required argument ${theirArg.name}`);
          }
        }
      }
      continue;
    }
    if (isInputObjectType(type) && isInputObjectType(theirs)) {
      const theirFields = theirs.getFields();
      for (const field of Object.values(type.getFields())) {
        const theirField = theirFields[field.name];
        if (!theirField) problems.push(`${type.name}.${field.name} does not exist`);
        else if (String(theirField.type) !== String(field.type))
          problems.push(`${type.name}.${field.name} is ${String(theirField.type)}, not ${String(field.type)}`);
      }
      for (const theirField of Object.values(theirFields)) {
        if (isNonNullType(theirField.type) && theirField.defaultValue === undefined && !(theirField.name in type.getFields())) {
          problems.push(`${type.name} omits required input field ${theirField.name}`);
        }
      }
    }
  }
  return problems;
}

/** Directives `ours` declares beyond GraphQL's own must exist upstream, on the same locations, with the same arguments. */
export function compareDirectives(ours: GraphQLSchema, real: GraphQLSchema): string[] {
  const builtIn = new Set(specifiedDirectives.map((d) => d.name));
  const problems: string[] = [];
  for (const directive of ours.getDirectives()) {
    if (builtIn.has(directive.name)) continue;
    const theirs = real.getDirective(directive.name);
    if (!theirs) {
      problems.push(`directive @${directive.name} does not exist`);
      continue;
    }
    for (const location of directive.locations)
      if (!theirs.locations.includes(location)) problems.push(`directive @${directive.name} is not allowed on ${location}`);
    for (const arg of directive.args) {
      const theirArg = theirs.args.find((a) => a.name === arg.name);
      if (!theirArg) problems.push(`@${directive.name}(${arg.name}) does not exist`);
      else if (String(theirArg.type) !== String(arg.type))
        problems.push(`@${directive.name}(${arg.name}) is ${String(theirArg.type)}, not ${String(arg.type)}`);
    }
    for (const theirArg of theirs.args)
      if (isNonNullType(theirArg.type) && theirArg.defaultValue === undefined && !directive.args.some((a) => a.name === theirArg.name))
        problems.push(`@${directive.name} omits required argument ${theirArg.name}`);
  }
  return problems;
}
