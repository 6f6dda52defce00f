export interface TemplateResource {
  logicalId: string
  type: string
  physicalId: string
}
/** The resources a JSON or YAML template declares (short-form tags tolerated). */
export declare function templateResources(body: string): TemplateResource[]
